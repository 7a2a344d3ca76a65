package dev.tachyon.api;

/**
 * A tool handler that runs on the connection's event loop and must not block: no I/O, no
 * locks held long, no waiting on the client. The fastest path: the result is written straight
 * into the response buffer.
 */
@FunctionalInterface
public interface InlineToolHandler {

    /**
     * Handles one call. Throwing {@link McpException} answers with that JSON-RPC error; any
     * other exception becomes an {@code isError} result naming it.
     */
    void call(ToolCall call, ToolResultWriter result);
}
