package dev.tachyon.server.transport;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.server.engine.MemoryPressure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections a transport holds open. The connection over the cap, or any new one
 * while memory is nearly full, gets one JSON-RPC error line ({@link ErrorCodes#OVERLOADED},
 * reason {@code max-connections} or {@code memory}) and is closed; the others never notice.
 *
 * <p>Shared by all of a transport's channels; first in each pipeline.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final MemoryPressure memory;

    /** @param memory when it says so, new connections are refused (reason {@code memory}) */
    public ConnectionLimit(int max, MemoryPressure memory) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.memory = memory;
    }

    /** Connections open now (refused ones are not counted). */
    public int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        boolean full = open.incrementAndGet() > max;
        if (full || memory.refusingConnections()) {
            open.decrementAndGet();
            ctx.channel().attr(REFUSED).set(Boolean.TRUE);
            ByteBuf out = ctx.alloc().buffer(160);
            JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, full ? "Too many connections" : "Memory is nearly full",
                    full ? Map.of("reason", "max-connections", "limit", max, "retryAfterMs", 1000)
                            : Map.of("reason", "memory", "retryAfterMs", 1000));
            out.writeByte('\n');
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return; // the session handler never sees this connection
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(REFUSED).get() == null) {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (ctx.channel().attr(REFUSED).get() != null) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    private static final io.netty.util.AttributeKey<Boolean> REFUSED =
            io.netty.util.AttributeKey.valueOf(ConnectionLimit.class, "refused");
}
