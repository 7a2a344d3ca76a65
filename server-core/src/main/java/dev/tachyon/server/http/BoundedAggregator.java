package dev.tachyon.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates request bodies up to a limit. Unlike {@link HttpObjectAggregator}, which writes
 * its 413 at once, an oversized request becomes a {@link TooLarge} passed on in its place, so
 * the connection answers it in turn: behind the pipelined requests before it, not ahead of them.
 * The aggregator discards the rest of the oversized body.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    /** Stands for a request whose body was over the limit; answered 413. */
    static final class TooLarge {
        private final boolean keepAlive;

        TooLarge(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }

        /** Whether the connection can go on after the 413 (the rest of the body is being skipped). */
        boolean keepAlive() {
            return keepAlive;
        }
    }

    BoundedAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // A message that was already whole leaves no clean place to go on from; close after answering.
        boolean keepAlive = HttpUtil.isKeepAlive(oversized) && !(oversized instanceof FullHttpMessage);
        ctx.fireChannelRead(new TooLarge(keepAlive));
    }
}
