package dev.tachyon.server.engine;

/**
 * The request metadata a transport carries beside a 2026-07-28 message, which the protocol says
 * must agree with the body: over Streamable HTTP, the {@code MCP-Protocol-Version},
 * {@code Mcp-Method}, {@code Mcp-Name} and {@code Mcp-Param-*} headers. The engine compares them
 * with the body ({@code -32020} when they disagree); transports without headers (TCP, stdio)
 * pass none.
 *
 * <p>Names are looked up case-insensitively; values are returned as sent (after removing the
 * optional whitespace HTTP allows around a field value), still Base64-wrapped if they were.
 */
public interface MessageHeaders {

    /** The {@code MCP-Protocol-Version} value, or null when absent. */
    String protocolVersion();

    /** The {@code Mcp-Method} value, or null when absent. */
    String method();

    /** The {@code Mcp-Name} value, or null when absent. */
    String name();

    /** The {@code Mcp-Param-<suffix>} value, or null when absent. */
    String param(String suffix);
}
