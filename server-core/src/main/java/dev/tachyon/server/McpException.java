package dev.tachyon.server;

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

    public int code() {
        return code;
    }

    public Object data() {
        return data;
    }
}
