package dev.tachyon.server.engine;

import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.api.McpException;
import dev.tachyon.api.ToolResult;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonWritable;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from an exception thrown while serving a request (by a handler, inline or on
 * a worker, or by the engine reading the request for it) to its answer:
 *
 * <pre>
 *   thrown                        tools/call                          other methods
 *   McpException                  its code, message, data             the same
 *   JsonNumber.TooManyDigits      -32602 number-too-long              the same
 *   InvalidArgumentException      isError "Invalid arguments for      -32602, its message
 *                                   tool 'T': message"
 *   anything else                 isError "Tool 'T' failed: e"        -32603 Internal error {detail} (logged)
 * </pre>
 *
 * A tool's execution errors are results the model sees (MCP: tool execution errors are not
 * protocol errors); the breaker bookkeeping around them stays with {@link ToolMethods}.
 */
final class HandlerFailure {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerFailure.class);

    private HandlerFailure() {
    }

    /** Answers {@code request} with the error {@code failure} maps to; an unexpected failure is logged. */
    static void answer(Request request, Throwable failure) {
        McpException error = error(failure);
        if (error.code() == ErrorCodes.INTERNAL_ERROR && !(failure instanceof McpException)) {
            request.logContext(LOG.atError()).setCause(failure)
                    .log("{} failed in session {}", request.method.methodName(), request.session.id());
        }
        request.error(error.code(), error.getMessage(), error.data());
    }

    /** The JSON-RPC error {@code failure} is answered with outside {@code tools/call} (see the table). */
    static McpException error(Throwable failure) {
        McpException protocol = protocolError(failure);
        if (protocol != null) {
            return protocol;
        }
        if (failure instanceof InvalidArgumentException) {
            return McpException.invalidParams(failure.getMessage());
        }
        return new McpException(ErrorCodes.INTERNAL_ERROR, "Internal error", Map.of("detail", String.valueOf(failure)));
    }

    /**
     * The error {@code failure} is answered with in every method, {@code tools/call} included:
     * an {@link McpException} the handler chose, or a number read past the digit bound (the
     * caller's); null for anything else.
     */
    static McpException protocolError(Throwable failure) {
        if (failure instanceof McpException) {
            return (McpException) failure;
        }
        if (failure instanceof JsonNumber.TooManyDigits) {
            return McpException.numberTooLong((JsonNumber.TooManyDigits) failure);
        }
        return null;
    }

    /**
     * The {@code isError} result a tool's failure is answered with, for a failure that is no
     * {@link #protocolError protocol error}: the text names the tool and the failure.
     */
    static JsonWritable toolResult(String tool, Throwable failure) {
        String message = failure instanceof InvalidArgumentException
                ? "Invalid arguments for tool '" + tool + "': " + failure.getMessage()
                : "Tool '" + tool + "' failed: " + failure;
        return ToolMethods.encoded(ToolResult.error(message));
    }
}
