package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * First in every pipeline of a capped transport: admits the connection through its
 * {@link ConnectionLimit} or refuses it. A refused connection gets its transport's
 * {@link Refusal}, then a {@link Linger lingering close}; the handlers after the gate never see it.
 *
 * <p>Behind a balancer speaking PROXY protocol the client's address is known only once its
 * header is read: such a gate ({@code addressLater}) decides the global cap and memory at accept
 * and leaves the per-address cap to {@link #admitAddress}, which the {@link ProxyHeader} stage calls.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionGate.class, "refused");
    /**
     * Behind a balancer only: the client address the connection was counted against once its
     * PROXY header named it, kept so that closing gives back the same place (none: it was not
     * counted per address). Without a balancer the address is the socket's peer, which the
     * channel keeps: asked again at the close, it gives the same place without an attribute (an
     * attribute costs 48 B per connection).
     */
    private static final AttributeKey<InetAddress> ADDRESS = AttributeKey.valueOf(ConnectionGate.class, "address");

    private final ConnectionLimit limit;
    private final Refusal refusal;
    /** This gate's own share of the count: the connections of its transport. */
    private final java.util.concurrent.atomic.AtomicInteger open;
    /** Whether the per-address cap waits for a PROXY protocol header ({@link #admitAddress}). */
    private final boolean addressLater;

    ConnectionGate(ConnectionLimit limit, Refusal refusal, java.util.concurrent.atomic.AtomicInteger open,
            boolean addressLater) {
        this.limit = limit;
        this.refusal = refusal;
        this.open = open;
        this.addressLater = addressLater;
    }

    /** Whether this gate leaves the per-address cap to {@link #admitAddress}. */
    boolean addressLater() {
        return addressLater;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = addressLater ? null : ClientAddress.addressOf(ctx.channel());
        ConnectionLimit.Reason reason = limit.tryOpen(address);
        if (reason == null) {
            open.incrementAndGet();
            super.channelActive(ctx);
            return;
        }
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        refuse(ctx, reason);
    }

    /**
     * The per-address part of the decision for a connection already admitted at accept by a gate
     * made with {@code addressLater}, once its client {@code address} is known (null: none, nothing
     * to count). Returns whether it is admitted; when it is not, its transport's refusal is written
     * through {@code ctx} (a stage behind the gate) and the connection lingers closed, still counted
     * globally until it is gone.
     */
    boolean admitAddress(ChannelHandlerContext ctx, InetAddress address) {
        if (address == null) {
            return true;
        }
        ConnectionLimit.Reason reason = limit.tryOpenAddress(address);
        if (reason == null) {
            ctx.channel().attr(ADDRESS).set(address);
            return true;
        }
        refuse(ctx, reason);
        return false;
    }

    /** Writes the transport's refusal for {@code reason} through {@code ctx}, then closes lingering. */
    private void refuse(ChannelHandlerContext ctx, ConnectionLimit.Reason reason) {
        Linger.closeAfter(ctx, ctx.writeAndFlush(refusal.encode(ctx.alloc(), reason, limit.limitOf(reason))));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!refused(ctx)) {
            open.decrementAndGet();
            limit.closed(countedAddress(ctx));
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

    /** The address this connection was counted against per address, or null: the one {@link #channelActive} or {@link #admitAddress} gave the limit. */
    private InetAddress countedAddress(ChannelHandlerContext ctx) {
        if (!addressLater) {
            return ClientAddress.addressOf(ctx.channel()); // the peer, as at the accept (the channel caches it)
        }
        return ctx.channel().hasAttr(ADDRESS) ? ctx.channel().attr(ADDRESS).get() : null;
    }

    private static boolean refused(ChannelHandlerContext ctx) {
        return ctx.channel().hasAttr(REFUSED); // not attr(): that would add the attribute to every channel it asks
    }
}
