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
 * @param allowedHosts          extra host names Host and Origin may name (besides loopback and the bound host)
 * @param maxConnections        admin connections open at once, {@code >= 1} (not counted in the MCP cap)
 * @param idleTimeout           an admin connection with no request for this long is closed, positive
 * @param requestTimeout        a request must arrive whole within this of its first byte, positive
 * @param allowGc               whether {@code /memory?gc=1} may run a full collection
 * @param gcMinInterval         when allowed, the least time between two such collections, positive
 */
public record AdminConfig(boolean enabled, String host, int port, int unhealthyHeapPercent,
                          int unhealthyDirectPercent, java.util.List<String> allowedHosts, int maxConnections,
                          java.time.Duration idleTimeout, java.time.Duration requestTimeout, boolean allowGc,
                          java.time.Duration gcMinInterval) {

    public AdminConfig {
        allowedHosts = java.util.List.copyOf(allowedHosts);
    }

    /** With the defaults of the connection limits: no extra hosts, 64 connections, 60 s idle, 10 s per request, no GC. */
    public AdminConfig(boolean enabled, String host, int port, int unhealthyHeapPercent, int unhealthyDirectPercent) {
        this(enabled, host, port, unhealthyHeapPercent, unhealthyDirectPercent, java.util.List.of(), 64,
                java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(10), false, java.time.Duration.ofSeconds(10));
    }
}
