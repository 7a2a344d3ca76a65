package dev.tachyon.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two waits of an admin connection, one timer at a time, first in the pipeline (before the
 * HTTP codec, so it sees a request's first byte, not only its end):
 * <pre>
 *   waiting for a request   --first byte-->   receiving (request-timeout)
 *        ^   (idle-timeout)                        |
 *        +-------- whole request read -------------+
 * </pre>
 * A timer that fires closes the connection: an idle socket, or a client that sends headers one
 * byte a minute (slowloris), holds a place only that long. One instance per connection.
 */
final class AdminTimeouts extends ChannelInboundHandlerAdapter {

    private final long idleNanos;
    private final long requestNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean receiving;

    AdminTimeouts(AdminSettings settings) {
        this.idleNanos = settings.idleTimeout().toNanos();
        this.requestNanos = settings.requestTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        arm(idleNanos);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (!receiving && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
            receiving = true;
            arm(requestNanos);
        }
        super.channelRead(context, msg);
    }

    /** A whole request was read (called by the handler that answers it, on this connection's loop). */
    void requestRead() {
        receiving = false;
        arm(idleNanos);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        cancel();
        super.channelInactive(context);
    }

    private void arm(long nanos) {
        cancel();
        timer = ctx.executor().schedule(() -> ctx.close(), nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
