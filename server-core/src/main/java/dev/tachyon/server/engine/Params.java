package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonNumber;
import dev.tachyon.api.McpException;
import java.util.Map;

/** Reading request params with the error the spec wants ({@code -32602}) when they are wrong. */
final class Params {

    private Params() {
    }

    static String requireString(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (!(v instanceof String)) {
            throw McpException.invalidParams(v == null
                    ? "missing required parameter '" + name + "'"
                    : "parameter '" + name + "' must be a string");
        }
        return (String) v;
    }

    static String optionalString(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v != null && !(v instanceof String)) {
            throw McpException.invalidParams("parameter '" + name + "' must be a string");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked") // JsonValues decodes objects as Map<String, Object>
    static Map<String, Object> optionalObject(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v != null && !(v instanceof Map)) {
            throw McpException.invalidParams("parameter '" + name + "' must be an object");
        }
        return (Map<String, Object>) v;
    }

    /**
     * The {@code _meta.progressToken} of a request, or null when there is none. MCP says a
     * string or an integer: anything else (an object, an array, a boolean, {@code 1.5},
     * {@code 1e3}) is refused with {@code -32602}, {@code data.reason} {@code "invalid-progress-token"}.
     * An integer of any length is kept as it was sent (it is echoed, never parsed).
     */
    static Object progressToken(Map<String, Object> params) {
        Object meta = params.get("_meta");
        if (!(meta instanceof Map)) {
            return null;
        }
        Object token = ((Map<?, ?>) meta).get("progressToken");
        if (token == null || token instanceof String || token instanceof Long || token instanceof java.math.BigInteger
                || (token instanceof JsonNumber && ((JsonNumber) token).isIntegerLiteral())) {
            return token;
        }
        throw new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS,
                "Invalid params: _meta.progressToken must be a string or an integer",
                Map.of("reason", "invalid-progress-token"));
    }
}
