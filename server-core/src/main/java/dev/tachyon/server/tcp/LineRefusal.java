package dev.tachyon.server.tcp;

import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** A refused TCP connection reads one line: {@link Refusal#error the error}, then the close. */
final class LineRefusal implements Refusal {

    static final LineRefusal INSTANCE = new LineRefusal();

    private LineRefusal() {
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, ConnectionLimit.Reason reason, int limit) {
        ByteBuf out = alloc.buffer(160);
        Refusal.error(out, reason, limit);
        out.writeByte('\n');
        return out;
    }
}
