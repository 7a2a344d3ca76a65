package dev.tachyon.server.config;

/**
 * {@code tachyon.admin}: the HTTP endpoint for {@code /health}, {@code /ready} and
 * {@code /metrics}.
 *
 * @param enabled               whether the server listens
 * @param host                  the address to bind, never empty (a name or a literal; not resolved by the loader)
 * @param port                  the port to bind, 1..65535
 * @param unhealthyHeapPercent  1..100: {@code /health} answers 503 while the heap still in use after
 *                              the last collection is above this share of the maximum heap
 * @param unhealthyDirectPercent 1..100: {@code /health} answers 503 while Netty's direct memory in use
 *                              is above this share of the maximum direct memory
 */
public record AdminConfig(boolean enabled, String host, int port, int unhealthyHeapPercent,
                          int unhealthyDirectPercent) {
}
