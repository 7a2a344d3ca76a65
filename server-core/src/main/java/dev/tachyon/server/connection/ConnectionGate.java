package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * First in every pipeline of a capped transport: admits the connection through its
 * {@link ConnectionLimit} or refuses it. A refused connection gets its transport's
 * {@link Refusal}, then a {@link Linger lingering close}; the handlers after the gate never see it.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionGate.class, "refused");
    /** The client address the connection was counted against, kept so that closing gives back the same place. */
    private static final AttributeKey<InetAddress> ADDRESS = AttributeKey.valueOf(ConnectionGate.class, "address");

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
        InetAddress address = clientAddress(ctx.channel().remoteAddress());
        ConnectionLimit.Reason reason = limit.tryOpen(address);
        if (reason == null) {
            open.incrementAndGet();
            ctx.channel().attr(ADDRESS).set(address);
            super.channelActive(ctx);
            return;
        }
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        Linger.closeAfter(ctx, ctx.writeAndFlush(refusal.encode(ctx.alloc(), reason, limit.limitOf(reason))));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!refused(ctx)) {
            open.decrementAndGet();
            limit.closed(ctx.channel().attr(ADDRESS).get());
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

    private static InetAddress clientAddress(SocketAddress remote) {
        return remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getAddress() : null;
    }

    private static boolean refused(ChannelHandlerContext ctx) {
        return ctx.channel().attr(REFUSED).get() != null;
    }
}
