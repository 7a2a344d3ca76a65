package dev.tachyon.benchmarks.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What every ceiling server's handler does besides answering: one flush per read batch, reading
 * paused while the socket is not writable (so a client that does not read holds no more than
 * the water mark), and the connection closed on any error.
 */
abstract class CeilingHandler extends ChannelInboundHandlerAdapter {

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public final void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
