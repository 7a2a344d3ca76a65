package dev.tachyon.server.config;

/**
 * {@code tachyon.tcp}: the newline-delimited JSON-RPC transport over raw TCP.
 *
 * @param enabled whether the server listens
 * @param host    the address to bind, never empty (a name or a literal; not resolved by the loader)
 * @param port    the port to bind, 1..65535
 * @param proxyProtocol whether every connection starts with a PROXY protocol v1/v2 header naming
 *                the client (the listener is behind a balancer); only then is one accepted
 */
public record TcpConfig(boolean enabled, String host, int port, boolean proxyProtocol) {
}
