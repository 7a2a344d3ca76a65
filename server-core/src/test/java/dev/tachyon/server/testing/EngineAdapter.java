package dev.tachyon.server.testing;

import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.MessageHeaders;
import dev.tachyon.server.engine.Outbound;
import dev.tachyon.server.engine.TransportKind;
import io.netty.buffer.ByteBuf;

/**
 * The only place the tests call {@link McpEngine}'s session entry points (open, deliver, close).
 * When the way frames enter the engine changes, this class changes and the harness and its
 * tests do not.
 */
final class EngineAdapter {

    private EngineAdapter() {
    }

    /** Opens a session named {@code id} as {@code transport} opens one, speaking through {@code outbound}. */
    static McpSession open(McpEngine engine, String id, TransportKind transport, Outbound outbound,
            McpSession.RevisionScope scope) {
        return engine.openSession(id, transport, outbound, scope);
    }

    /** Hands one frame (one JSON-RPC message, no framing) to the engine; does not take ownership. */
    static void deliver(McpEngine engine, McpSession session, ByteBuf frame, Object exchange, MessageHeaders headers) {
        engine.onMessage(session, engine.scan(frame), exchange, headers);
    }

    /** Ends the session as a transport does when its connection closes. */
    static void close(McpEngine engine, McpSession session) {
        engine.closeSession(session);
    }
}
