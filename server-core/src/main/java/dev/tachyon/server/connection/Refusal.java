package dev.tachyon.server.connection;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Map;

/**
 * What a transport writes, as raw bytes straight to the socket, to a connection it refuses:
 * the same JSON-RPC error on every transport ({@link #error}), in the transport's own framing.
 */
@FunctionalInterface
public interface Refusal {

    /** How long a refused client is told to wait. */
    long RETRY_AFTER_MS = 1000;

    /** The bytes to write; the caller owns and writes them. {@code limit} is the cap that refused it. */
    ByteBuf encode(ByteBufAllocator alloc, ConnectionLimit.Reason reason, int limit);

    /**
     * Writes the error a refused connection reads, {@code id: null}:
     * <pre>{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Too many connections","data":{"reason":"max-connections","limit":N,"retryAfterMs":1000}}}</pre>
     * (reason {@code max-connections-per-address}, message "Too many connections from this
     * address", when one client address holds its cap; reason {@code rate-limited-connections},
     * {@code limit} its connections per second, when it opens them faster than
     * {@code rate-limits.connections} allows; reason {@code memory} and no {@code limit}
     * when memory is nearly full). No request was read, so no revision is known: the code is
     * {@code -32001} whatever the client speaks.
     */
    static void error(ByteBuf out, ConnectionLimit.Reason reason, int limit) {
        switch (reason) {
            case MAX_CONNECTIONS:
                JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, "Too many connections",
                        Map.of("reason", reason.label(), "limit", limit, "retryAfterMs", RETRY_AFTER_MS));
                break;
            case MAX_CONNECTIONS_PER_ADDRESS:
                JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, "Too many connections from this address",
                        Map.of("reason", reason.label(), "limit", limit, "retryAfterMs", RETRY_AFTER_MS));
                break;
            case RATE_LIMITED:
                JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, "Too many new connections from this address",
                        Map.of("reason", reason.label(), "limit", limit, "retryAfterMs", RETRY_AFTER_MS));
                break;
            default:
                JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, "Memory is nearly full",
                        Map.of("reason", reason.label(), "retryAfterMs", RETRY_AFTER_MS));
                break;
        }
    }
}
