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
 * decide and keep what they share (one per listener, {@link ConnectionTimeouts}), and this keeps
 * their per-connection state in fields: its place in its loop's {@link IdleQueue} (which has the
 * one idle timer for all the loop's connections), and the time the channel turned unwritable
 * with a timer that runs only during a stall. This object is itself that timer's task (as a
 * {@link Callable}; it is flush batching's {@link Runnable}), so a connection holds no lambda.
 *
 * <p>Activity is stamped once per read batch and once per socket flush, never per message. No
 * timer runs between a read and its {@code channelReadComplete}: both happen in one pass of the
 * event loop over the socket, so the check never sees a read half-done. Times are read from the
 * event loop's ticker, the clock its timers run on. Confined to the connection's event loop.
 */
final class ConnectionHandler extends FlushBatching implements Callable<Void> {

    private final ConnectionTimeouts timeouts;
    private final ConnectionWork work;
    /** The idle queue of this connection's loop, once it is active; null without an idle timeout. */
    private IdleQueue idleQueue;
    /** Last activity (or last idle check of a busy connection); kept by {@link IdleQueue}, as are the links. */
    long idleSince;
    ConnectionHandler idlePrev;
    ConnectionHandler idleNext;
    /** When the channel last turned unwritable; meaningful while it is unwritable. */
    private long stalledAt;
    /** The write-stall timer, armed while the channel is unwritable. */
    private ScheduledFuture<Void> stallTimer;

    ConnectionHandler(ConnectionTimeouts timeouts, ConnectionWork work) {
        this.timeouts = timeouts;
        this.work = work;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        IdleTimeout idle = timeouts.idle();
        if (idle != null) {
            idleQueue = idle.queueOf(context.executor());
            idleQueue.touch(this, now());
        }
        super.channelActive(context);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        active(); // once per read batch
        super.channelReadComplete(context);
    }

    @Override
    void socketFlushing() {
        active(); // once per socket flush, after batching
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        WriteStallTimeout stall = timeouts.stall();
        if (stall != null && !context.channel().isWritable()) {
            stalledAt = now(); // a stall begins: the clock starts again at each one
            if (stallTimer == null) {
                armStall(stall.nanos());
            }
        }
        super.channelWritabilityChanged(context); // flush batching hands the socket what it takes now
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (idleQueue != null) {
            idleQueue.remove(this);
            idleQueue = null; // ended: a late flush does not enroll it again
        }
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        super.channelInactive(context);
    }

    /**
     * Asked by the idle queue once this connection has been quiet for the timeout: closes it and
     * returns true when it is idle (writable and without work under way) or already ended;
     * false when it is to be asked again later.
     */
    boolean idleExpired() {
        Channel channel = context().channel();
        if (!channel.isActive()) {
            return true;
        }
        if (channel.isWritable() && !work.busy()) {
            timeouts.closes().close(context(), ConnectionCloses.Reason.IDLE_TIMEOUT);
            return true;
        }
        return false;
    }

    /** The write-stall timer fired: closes the connection if it is still stalled, else re-arms for what is left. */
    @Override
    public Void call() {
        stallTimer = null;
        Channel channel = context().channel();
        if (!channel.isActive() || channel.isWritable()) {
            return null; // the stall ended; the next one arms again
        }
        long left = timeouts.stall().remaining(stalledAt, now(), false);
        if (left == 0) {
            timeouts.closes().close(context(), ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        } else {
            armStall(left); // it drained and stalled again since the timer was armed
        }
        return null;
    }

    private void active() {
        if (idleQueue != null) {
            idleQueue.touch(this, now());
        }
    }

    /** The event loop's clock, the one its timers run on (a test's frozen clock in an {@code EmbeddedChannel}). */
    private long now() {
        return context().executor().ticker().nanoTime();
    }

    private void armStall(long delayNanos) {
        Callable<Void> task = this; // as the timer's task; as a Runnable this is the deferred flush
        stallTimer = context().executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}
