package dev.tachyon.api;

/**
 * A tool handler that runs on the worker pool and may block: I/O, sleeping, and waiting on the
 * client through {@link ToolCall#sample}, {@link ToolCall#elicit} and {@link ToolCall#listRoots}.
 * A cancelled call sees its thread interrupted and {@link ToolCall#isCancelled()} true; its
 * result is discarded.
 */
@FunctionalInterface
public interface BlockingToolHandler {

    /**
     * Handles one call. Throwing {@link McpException} answers with that JSON-RPC error; any
     * other exception becomes an {@code isError} result naming it.
     */
    ToolResult call(ToolCall call) throws Exception;
}
