package dev.tachyon.server.config;

/**
 * {@code tachyon.stdio}: the transport over the process's standard input and output.
 *
 * @param enabled whether the server speaks MCP on stdin/stdout; when it does, nothing else may
 *                write to stdout
 */
public record StdioConfig(boolean enabled) {
}
