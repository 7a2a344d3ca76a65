package dev.tachyon.server.config;

/**
 * {@code tachyon.tcp}: the newline-delimited JSON-RPC transport over raw TCP.
 *
 * @param enabled whether the server listens
 * @param host    the address to bind, never empty (a name or a literal; not resolved by the loader)
 * @param port    the port to bind, 1..65535
 */
public record TcpConfig(boolean enabled, String host, int port) {
}
