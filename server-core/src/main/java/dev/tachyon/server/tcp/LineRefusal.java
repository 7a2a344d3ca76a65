package dev.tachyon.server.tcp;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.server.transport.ConnectionLimit;
import dev.tachyon.server.transport.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A refused TCP connection reads one error line, {@code id: null}:
 * <pre>{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Too many connections","data":{"reason":"max-connections","limit":N,"retryAfterMs":1000}}}</pre>
 */
final class LineRefusal implements Refusal {

    static final LineRefusal INSTANCE = new LineRefusal();

    private LineRefusal() {
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, ConnectionLimit.Reason reason, int limit) {
        ByteBuf out = alloc.buffer(160);
        JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, Refusal.message(reason), Refusal.data(reason, limit));
        out.writeByte('\n');
        return out;
    }
}
