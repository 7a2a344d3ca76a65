package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandlerContext;

/**
 * The write-stall timeout of one connection ({@code limits.write-stall-timeout}), the same on
 * every network transport: a connection that stays unwritable (answers above the high-water
 * mark that the client is not reading) for the timeout is closed. One timer per stall, armed
 * when the channel turns unwritable and disarmed when it drains (Netty's
 * {@code WriteTimeoutHandler} would time every write instead: a promise and a task per write,
 * where ours are void). Confined to the connection's event loop.
 */
final class WriteStallTimeout extends ConnectionDeadline {

    private final long nanos;

    /** @param nanos the timeout; positive */
    WriteStallTimeout(long nanos, ConnectionCloses closes) {
        super(closes);
        this.nanos = nanos;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        if (context.channel().isWritable()) {
            disarm();
        } else if (!armed()) {
            arm(nanos);
        }
        super.channelWritabilityChanged(context);
    }

    @Override
    protected void expired() {
        if (!context().channel().isWritable()) {
            close(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        }
    }
}
