package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;

/**
 * Sends notifications to sessions from any thread: the message is built and written on the
 * session's executor, so session state and outbound stay confined to it.
 */
final class Notifications {

    private Notifications() {
    }

    /** Sends {@code method} with {@code params} to {@code session}, related to {@code exchange} (or none). */
    static void send(McpSession session, Object exchange, String method, JsonWritable params) {
        if (session.outbound().executor().inEventLoop()) {
            write(session, exchange, method, params);
        } else {
            session.outbound().executor().execute(() -> write(session, exchange, method, params));
        }
    }

    private static void write(McpSession session, Object exchange, String method, JsonWritable params) {
        if (session.isClosed()) {
            return;
        }
        ByteBuf out = session.outbound().alloc().buffer(128);
        JsonRpcWriter.beginNotification(out, method);
        params.writeJson(out);
        JsonRpcWriter.end(out);
        session.observer.sent(out.readableBytes());
        session.outbound().send(exchange, out);
        session.outbound().flush();
    }
}
