package dev.tachyon.server.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What every timeout of a connection shares, on every transport: one timer that the timeout
 * arms, disarmed when the connection closes, calling {@link #expired()} only while the
 * connection is open; and the close, counted by its {@link ConnectionCloses.Reason reason}.
 * The pipeline's idle and write-stall timeouts and HTTP's header and body deadlines are its
 * subclasses, so a new wait (a TLS handshake, a PROXY-protocol header) is one more of them.
 *
 * <p>One timer per connection, armed for what is left of the wait rather than per read or
 * write (Netty's idle and timeout handlers would watch every write by its promise, where ours
 * are void); the handler is itself the timer's task ({@link #call()}), so a connection holds no
 * lambda for it. Confined to the connection's event loop.
 */
public abstract class ConnectionDeadline extends ChannelDuplexHandler implements Callable<Void> {

    private final ConnectionCloses closes;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    /** @param closes where the closes this timeout makes are counted */
    protected ConnectionDeadline(ConnectionCloses closes) {
        this.closes = closes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        disarm();
        super.channelInactive(context);
    }

    /** The wait is over: called on the event loop, with the connection open and the timer disarmed. */
    protected abstract void expired();

    /** Arms the timer to call {@link #expired()} in {@code delayNanos}; call it only while {@link #armed()} is false. */
    protected final void arm(long delayNanos) {
        timer = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Whether the timer is armed. */
    protected final boolean armed() {
        return timer != null;
    }

    /** Disarms the timer, if armed. */
    protected final void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The connection's context (valid once the handler is added). */
    protected final ChannelHandlerContext context() {
        return ctx;
    }

    /** Closes the connection for {@code reason}, counting it. The client gets nothing more. */
    protected final void close(ConnectionCloses.Reason reason) {
        closes.close(ctx, reason);
    }

    /** The timer's task: the timer fired; calls {@link #expired()} if the connection is still open. */
    @Override
    public final Void call() {
        timer = null;
        if (ctx.channel().isActive()) {
            expired();
        }
        return null;
    }
}
