package dev.tachyon.server.transport;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections a transport holds open. The connection over the cap gets one JSON-RPC
 * error line ({@link ErrorCodes#OVERLOADED}, reason {@code max-connections}) and is closed;
 * the others never notice.
 *
 * <p>Shared by all of a transport's channels; first in each pipeline.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
    }

    /** Connections open now (refused ones are not counted). */
    public int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            ctx.channel().attr(REFUSED).set(Boolean.TRUE);
            ByteBuf out = ctx.alloc().buffer(160);
            JsonRpcWriter.error(out, null, ErrorCodes.OVERLOADED, "Too many connections",
                    Map.of("reason", "max-connections", "limit", max, "retryAfterMs", 1000));
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
