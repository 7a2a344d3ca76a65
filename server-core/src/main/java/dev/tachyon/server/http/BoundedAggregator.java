package dev.tachyon.server.http;

import dev.tachyon.server.memory.MemoryPressure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Aggregates request bodies up to a limit. Unlike {@link HttpObjectAggregator}, which writes
 * its 413 at once, an oversized request becomes a {@link TooLarge} passed on in its place, so
 * the connection answers it in turn: behind the pipelined requests before it, not ahead of them.
 * The aggregator discards the rest of the oversized body.
 *
 * <p>The common request, a body of a known length under the limit that arrives whole behind its
 * headers (one {@link LastHttpContent}), becomes a {@link DefaultFullHttpRequest} around that
 * content as it is: no composite buffer to gather pieces that are not there. Anything else (a
 * body in pieces, chunked, {@code Expect}, a framing error, a large body the memory check must
 * see) takes the general path, from the headers on.
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
    /** The largest body the whole-body path takes: under the limit, and too small for the memory check. */
    private final long maxWholeBytes;
    /** Set while the message being refused is refused for memory, not for its size. */
    private boolean noRoom;
    /** Headers whose body of {@link #heldLength} bytes may come whole next; null when none. */
    private HttpRequest held;
    private long heldLength;

    BoundedAggregator(int maxBodyBytes, MemoryPressure memory) {
        super(maxBodyBytes);
        this.memory = memory;
        this.maxWholeBytes = Math.min(maxBodyBytes, MemoryPressure.LARGE_MESSAGE_BYTES - 1L);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        if (held != null) {
            HttpRequest start = held;
            held = null;
            if (msg instanceof LastHttpContent && msg.decoderResult().isSuccess()
                    && ((LastHttpContent) msg).content().readableBytes() == heldLength) {
                LastHttpContent last = (LastHttpContent) msg;
                DefaultFullHttpRequest whole = new DefaultFullHttpRequest(start.protocolVersion(), start.method(),
                        start.uri(), last.content().retain(), start.headers(), last.trailingHeaders());
                whole.setDecoderResult(start.decoderResult());
                out.add(whole);
                return;
            }
            super.decode(ctx, start, out); // the body comes in pieces: the general path, from the headers on
        } else if (wholeBodyMayFollow(msg)) {
            held = (HttpRequest) msg;
            return;
        }
        super.decode(ctx, msg, out);
    }

    /** The held request's body too: the general path takes content only while it is gathering a message. */
    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        // A request's headers as the decoder makes them are always taken (a start, never whole):
        // told by class, without the super class's interface checks.
        return msg.getClass() == DefaultHttpRequest.class || held != null && msg instanceof HttpContent
                || super.acceptInboundMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (held != null && !ctx.channel().config().isAutoRead()) {
            ctx.read(); // as the general path does for a message it is gathering: its body is still due
        }
        super.channelReadComplete(ctx);
    }

    /** Whether {@code msg} is a request's headers whose body the whole-body path may take. */
    private boolean wholeBodyMayFollow(HttpObject msg) {
        if (!(msg instanceof HttpRequest) || msg instanceof FullHttpMessage || !msg.decoderResult().isSuccess()) {
            return false;
        }
        HttpRequest request = (HttpRequest) msg;
        long length;
        try {
            length = HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException e) {
            return false;
        }
        if (length < 0 || length > maxWholeBytes || request.headers().contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        heldLength = length;
        return true;
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
