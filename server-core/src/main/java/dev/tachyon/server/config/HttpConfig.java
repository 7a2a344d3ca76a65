package dev.tachyon.server.config;

/**
 * {@code tachyon.http}: the Streamable HTTP transport.
 *
 * @param enabled whether the server listens
 * @param host    the address to bind, never empty (a name or a literal; not resolved by the loader)
 * @param port    the port to bind, 1..65535
 * @param path    the MCP endpoint path, starting with {@code /}
 */
public record HttpConfig(boolean enabled, String host, int port, String path) {
}
