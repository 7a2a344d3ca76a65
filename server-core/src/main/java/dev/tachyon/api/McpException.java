package dev.tachyon.api;

/**
 * Thrown by a handler to answer with a JSON-RPC error instead of a result.
 *
 * <p>For tools, prefer {@link ToolResult#error(String)}: an error result reaches the model, a
 * JSON-RPC error reaches only the client. Use this for protocol-level failures such as invalid
 * parameters ({@code -32602}).
 */
public final class McpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient Object data;

    /** @param data the error's {@code data} member (a JSON-writable value), or null */
    public McpException(int code, String message, Object data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    /** An {@code -32602 Invalid params} error. */
    public static McpException invalidParams(String message) {
        return new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS, message, null);
    }

    /**
     * An {@code -32602 Invalid params} error for a number read by a handler that has more digits
     * than the server parses ({@code limits.max-number-digits}): {@code data.reason} is
     * {@code "number-too-long"}, with {@code digits} and {@code limit}.
     */
    public static McpException numberTooLong(dev.tachyon.codec.JsonNumber.TooManyDigits e) {
        return new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS, "Invalid params: " + e.getMessage(),
                java.util.Map.of("reason", "number-too-long", "digits", e.digits(), "limit", e.maxDigits()));
    }

    public int code() {
        return code;
    }

    public Object data() {
        return data;
    }
}
