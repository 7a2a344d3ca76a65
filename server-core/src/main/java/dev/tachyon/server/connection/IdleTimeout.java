package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandlerContext;

/**
 * The idle timeout of one connection ({@code limits.idle-timeout}), the same on every network
 * transport: a connection with no traffic either way for the timeout, and no work under way
 * ({@link ConnectionWork}), is closed. Answers the client has not taken (the channel is
 * unwritable) are the write stall's business, not idleness.
 *
 * <p>Activity is stamped once per read batch and once per flush, never per message; one timer
 * per connection re-arms itself for what is left of the timeout. Netty's
 * {@code IdleStateHandler} would watch writes by a promise per write, where ours are void.
 * Confined to the connection's event loop.
 */
final class IdleTimeout extends ConnectionDeadline {

    private final long nanos;
    private final ConnectionWork work;
    private long lastActivity;

    /** @param nanos the timeout; positive */
    IdleTimeout(long nanos, ConnectionWork work, ConnectionCloses closes) {
        super(closes);
        this.nanos = nanos;
        this.work = work;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        lastActivity = System.nanoTime();
        arm(nanos);
        super.channelActive(context);
    }

    // No timer runs between a read and its channelReadComplete: both happen in one pass of the
    // event loop over the socket, so the check never sees a read half-done.
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        lastActivity = System.nanoTime(); // once per read batch
        context.fireChannelReadComplete();
    }

    @Override
    public void flush(ChannelHandlerContext context) {
        lastActivity = System.nanoTime(); // once per flush (after flush batching, which sits behind)
        context.flush();
    }

    @Override
    protected void expired() {
        long quiet = System.nanoTime() - lastActivity;
        if (quiet >= nanos && context().channel().isWritable() && !work.busy()) {
            close(ConnectionCloses.Reason.IDLE_TIMEOUT);
            return;
        }
        arm(quiet >= nanos ? nanos : nanos - quiet);
    }
}
