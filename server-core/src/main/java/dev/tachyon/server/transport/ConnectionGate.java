package dev.tachyon.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * First in every pipeline of a capped transport: admits the connection through its
 * {@link ConnectionLimit} or refuses it. A refused connection gets its transport's
 * {@link Refusal}, then a {@link Linger lingering close}; the handlers after the gate never see it.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionGate.class, "refused");

    private final ConnectionLimit limit;
    private final Refusal refusal;
    /** This gate's own share of the count: the connections of its transport. */
    private final java.util.concurrent.atomic.AtomicInteger open;

    ConnectionGate(ConnectionLimit limit, Refusal refusal, java.util.concurrent.atomic.AtomicInteger open) {
        this.limit = limit;
        this.refusal = refusal;
        this.open = open;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ConnectionLimit.Reason reason = limit.tryOpen();
        if (reason == null) {
            open.incrementAndGet();
            super.channelActive(ctx);
            return;
        }
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        Linger.closeAfter(ctx, ctx.writeAndFlush(refusal.encode(ctx.alloc(), reason, limit.max())));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!refused(ctx)) {
            open.decrementAndGet();
            limit.closed();
            super.channelInactive(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused(ctx)) {
            ReferenceCountUtil.release(msg); // whatever the refused client sends is dropped unread
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (refused(ctx)) {
            Linger.onEvent(ctx, event);
            ReferenceCountUtil.release(event);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    private static boolean refused(ChannelHandlerContext ctx) {
        return ctx.channel().attr(REFUSED).get() != null;
    }
}
