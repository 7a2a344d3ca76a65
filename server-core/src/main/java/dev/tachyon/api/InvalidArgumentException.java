package dev.tachyon.api;

/**
 * An argument is missing or has the wrong type (thrown by {@link Arguments}' typed getters).
 *
 * <p>In a tool this becomes an {@code isError} result, so the model can correct its input
 * (MCP 2025-11-25: input validation errors are tool execution errors); in any other handler
 * (prompt, resource, completer; inline or blocking) it becomes {@code -32602 Invalid params}
 * with this exception's message.
 */
public final class InvalidArgumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }
}
