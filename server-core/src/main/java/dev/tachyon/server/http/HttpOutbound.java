package dev.tachyon.server.http;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * What the two Streamable HTTP forms of the engine's {@link Outbound} (a stateful
 * {@link HttpSession}, a {@link StatelessHttp} connection) do alike: the pooled allocator, a
 * response buffer with room in front for a whole JSON answer's head ({@link WholeJson}), and the
 * streaming hooks, which are the {@link Exchange}'s own (a chunked JSON answer on its connection).
 */
abstract class HttpOutbound implements Outbound {

    @Override
    public final ByteBufAllocator alloc() {
        return Allocators.allocator();
    }

    /** Room is left in front of the answer for its HTTP head, so that a whole JSON answer is sent without a copy. */
    @Override
    public final ByteBuf responseBuffer(int sizeHint, int maxBytes) {
        return WholeJson.responseBuffer(alloc(), sizeHint, maxBytes);
    }

    @Override
    public final boolean streamsParts(Object exchange) {
        return exchange instanceof Exchange && answersStill() && ((Exchange) exchange).streamsParts();
    }

    @Override
    public final ByteBuf sendPart(Object exchange, ByteBuf buffer, int mark, ByteBuf tail, int maxBytes) {
        return ((Exchange) exchange).sendPart(alloc(), buffer, mark, tail, maxBytes);
    }

    /** Closes the connection of an answer cut short after parts of it left; the rest of the session is the subclass's. */
    @Override
    public final void abort(Object exchange) {
        if (exchange instanceof Exchange) {
            ((Exchange) exchange).abortParts();
        }
    }

    /** Whether answers may still start in parts: false once a session is terminated. */
    abstract boolean answersStill();
}
