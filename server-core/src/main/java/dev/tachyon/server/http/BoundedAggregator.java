package dev.tachyon.server.http;

import dev.tachyon.server.memory.MemoryPressure;
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

    /** Stands for a request whose body was over the limit (413), or that memory has no room for (503). */
    static final class TooLarge {
        private final boolean keepAlive;
        private final boolean memory;

        TooLarge(boolean keepAlive, boolean memory) {
            this.keepAlive = keepAlive;
            this.memory = memory;
        }

        /** Whether the body fits the limit but not the memory left: {@link MemoryPressure#admitsMessage} said no. */
        boolean memory() {
            return memory;
        }

        /** Whether the connection can go on after the 413 (the rest of the body is being skipped). */
        boolean keepAlive() {
            return keepAlive;
        }
    }

    private final MemoryPressure memory;
    /** Set while the message being refused is refused for memory, not for its size. */
    private boolean noRoom;

    BoundedAggregator(int maxBodyBytes, MemoryPressure memory) {
        super(maxBodyBytes);
        this.memory = memory;
    }

    /**
     * Over the limit, or a large body whose decoded size would take memory to the reject
     * watermark: checked from {@code Content-Length} before a byte of it is aggregated.
     */
    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        if (super.isContentLengthInvalid(start, maxContentLength)) {
            return true;
        }
        if (start.decoderResult().isFailure()) {
            return false; // a framing error: answered as such, its Content-Length means nothing
        }
        long length;
        try {
            length = HttpUtil.getContentLength(start, -1L);
        } catch (NumberFormatException e) {
            return false; // as the super class: an unreadable length is the codec's to refuse
        }
        noRoom = length >= MemoryPressure.LARGE_MESSAGE_BYTES && !memory.admitsMessage(length);
        return noRoom;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // A message that was already whole leaves no clean place to go on from; close after answering.
        boolean keepAlive = HttpUtil.isKeepAlive(oversized) && !(oversized instanceof FullHttpMessage);
        ctx.fireChannelRead(new TooLarge(keepAlive, noRoom));
        noRoom = false;
    }
}
