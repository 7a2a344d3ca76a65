package dev.tachyon.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The one handler of the shared pipeline that every connection of an MCP transport has of its
 * own ({@link ConnectionPipeline#CONNECTION}): {@link FlushBatching} (which it extends), the
 * {@link IdleTimeout} and the {@link WriteStallTimeout}, on one object in one pipeline context.
 *
 * <p>Why one: at 15,000 sessions a handler of its own for each of the three cost a channel
 * handler context (64 B), the handler, a timer lambda per deadline and one for flushing, about
 * 370 B of a 2.6 KB session (benchmarks/RESULTS.md, "Memory per session"). Here the timeouts
 * decide (one per listener, {@link ConnectionTimeouts}), and this keeps their per-connection
 * state in fields: the activity stamp, the time the channel turned unwritable, and one timer for
 * both deadlines, armed for the nearer one and re-armed when it fires. This object is itself
 * the timer's task (as a {@link Callable}; it is flush batching's {@link Runnable}), so a
 * connection holds no lambda.
 *
 * <p>Activity is stamped once per read batch and once per socket flush, never per message. No
 * timer runs between a read and its {@code channelReadComplete}: both happen in one pass of the
 * event loop over the socket, so the check never sees a read half-done. Times are read from the
 * event loop's ticker, the clock its timers run on. Confined to the connection's event loop.
 */
final class ConnectionHandler extends FlushBatching implements Callable<Void> {

    private final ConnectionTimeouts timeouts;
    private final ConnectionWork work;
    private long lastActivity;
    /** When the channel last turned unwritable; meaningful while it is unwritable. */
    private long stalledAt;
    private ScheduledFuture<Void> timer;

    ConnectionHandler(ConnectionTimeouts timeouts, ConnectionWork work) {
        this.timeouts = timeouts;
        this.work = work;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        lastActivity = now();
        IdleTimeout idle = timeouts.idle();
        if (idle != null) {
            armIn(idle.nanos());
        }
        super.channelActive(context);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        lastActivity = now(); // once per read batch
        super.channelReadComplete(context);
    }

    @Override
    void socketFlushing() {
        lastActivity = now(); // once per socket flush, after batching
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        WriteStallTimeout stall = timeouts.stall();
        if (stall != null && !context.channel().isWritable()) {
            stalledAt = now(); // a stall begins: the clock starts again at each one
            armIn(stall.nanos());
        }
        super.channelWritabilityChanged(context); // flush batching hands the socket what it takes now
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(context);
    }

    /** The timer fired: closes the connection for the deadline that is due, else re-arms for the nearer one. */
    @Override
    public Void call() {
        timer = null;
        Channel channel = context().channel();
        if (!channel.isActive()) {
            return null;
        }
        long now = now();
        boolean writable = channel.isWritable();
        long next = Long.MAX_VALUE;
        WriteStallTimeout stall = timeouts.stall();
        if (stall != null) {
            next = stall.remaining(stalledAt, now, writable);
            if (next == 0) {
                timeouts.closes().close(context(), ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
                return null;
            }
        }
        IdleTimeout idle = timeouts.idle();
        if (idle != null) {
            long left = idle.remaining(lastActivity, now, writable, work);
            if (left == 0) {
                timeouts.closes().close(context(), ConnectionCloses.Reason.IDLE_TIMEOUT);
                return null;
            }
            next = Math.min(next, left);
        }
        if (next != Long.MAX_VALUE) {
            armIn(next);
        }
        return null;
    }

    /** The event loop's clock, the one its timers run on (a test's frozen clock in an {@code EmbeddedChannel}). */
    private long now() {
        return context().executor().ticker().nanoTime();
    }

    /** Arms the one timer to fire in {@code delayNanos}, unless it is armed to fire sooner already. */
    private void armIn(long delayNanos) {
        if (timer != null) {
            if (timer.getDelay(TimeUnit.NANOSECONDS) <= delayNanos) {
                return;
            }
            timer.cancel(false);
        }
        Callable<Void> task = this; // as the timer's task; as a Runnable this is the deferred flush
        timer = context().executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}
