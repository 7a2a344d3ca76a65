package dev.tachyon.server.config;

/**
 * {@code tachyon.admin}: the HTTP endpoint for {@code /health}, {@code /ready} and
 * {@code /metrics}.
 *
 * @param enabled whether the server listens
 * @param host    the address to bind, never empty (a name or a literal; not resolved by the loader)
 * @param port    the port to bind, 1..65535
 */
public record AdminConfig(boolean enabled, String host, int port) {
}
