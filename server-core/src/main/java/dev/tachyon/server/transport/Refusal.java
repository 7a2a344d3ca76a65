package dev.tachyon.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * What a transport writes, as raw bytes straight to the socket, to a connection it refuses:
 * a JSON-RPC error that says why and when to retry, in the transport's own framing.
 */
@FunctionalInterface
public interface Refusal {

    /** The bytes to write; the caller owns and writes them. {@code limit} is the connection cap. */
    ByteBuf encode(ByteBufAllocator alloc, ConnectionLimit.Reason reason, int limit);

    /** The JSON-RPC error's {@code data}, the same on every transport. */
    static java.util.Map<String, Object> data(ConnectionLimit.Reason reason, int limit) {
        return reason == ConnectionLimit.Reason.MAX_CONNECTIONS
                ? java.util.Map.of("reason", reason.label(), "limit", limit, "retryAfterMs", RETRY_AFTER_MS)
                : java.util.Map.of("reason", reason.label(), "retryAfterMs", RETRY_AFTER_MS);
    }

    /** The JSON-RPC error's message. */
    static String message(ConnectionLimit.Reason reason) {
        return reason == ConnectionLimit.Reason.MAX_CONNECTIONS ? "Too many connections" : "Memory is nearly full";
    }

    /** How long a refused client is told to wait. */
    long RETRY_AFTER_MS = 1000;
}
