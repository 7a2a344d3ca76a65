package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-stall timeout of one connection ({@code limits.write-stall-timeout}), the same on
 * every network transport: a connection that stays unwritable (answers above the high-water
 * mark that the client is not reading) for the timeout is closed. The timer is {@link WriteStall}.
 * Confined to the connection's event loop.
 */
final class WriteStallTimeout extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WriteStallTimeout.class);

    private final WriteStall stall;
    private final ConnectionCloses closes;
    private ChannelHandlerContext ctx;

    /** @param nanos the timeout; positive */
    WriteStallTimeout(long nanos, ConnectionCloses closes) {
        this.stall = new WriteStall(nanos, this::closeStalled);
        this.closes = closes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        stall.writabilityChanged(context.channel());
        super.channelWritabilityChanged(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        stall.cancel();
        super.channelInactive(context);
    }

    private void closeStalled() {
        LOG.debug("closing {}: the client has not read its answers for {} ms", ctx.channel(), stall.millis());
        closes.closed(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        ctx.close();
    }
}
