package dev.tachyon.server.tcp;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.FrameTooLong;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP session over one newline-delimited JSON connection (TCP or stdio): feeds frames to
 * the engine and frames its answers with {@code \n}.
 *
 * <p>Flushes once per read batch: answers written while reading go out on
 * {@code channelReadComplete}; answers produced later (workers, timers) share one flush per
 * event-loop turn. Reads pause while the peer is not draining what we write.
 */
public final class TcpSessionHandler extends ChannelInboundHandlerAdapter implements Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(TcpSessionHandler.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final long LINGER_SECONDS = 2;

    private final McpEngine engine;
    private final String idPrefix;
    private ChannelHandlerContext ctx;
    private McpSession session;
    private boolean reading;
    private boolean flushPending;
    private boolean flushScheduled;
    private final Runnable flushTask = this::scheduledFlush;

    /** @param idPrefix prefix of session ids ({@code "tcp"}, {@code "stdio"}) */
    public TcpSessionHandler(McpEngine engine, String idPrefix) {
        this.engine = engine;
        this.idPrefix = idPrefix;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        session = engine.openSession(idPrefix + "-" + IDS.incrementAndGet(), this);
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (session != null) {
            engine.closeSession(session);
        }
        super.channelInactive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        reading = true;
        if (msg instanceof ByteBuf) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                engine.onMessage(session, frame, null);
            } finally {
                frame.release();
            }
        } else if (msg instanceof FrameTooLong) {
            rejectLongFrame((FrameTooLong) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        reading = false;
        if (flushPending) {
            flushPending = false;
            context.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        // Backpressure: stop reading requests while the client is not reading our answers.
        context.channel().config().setAutoRead(context.channel().isWritable());
        super.channelWritabilityChanged(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("closing {} after {}", session, cause.toString());
        context.close();
    }

    private void rejectLongFrame(FrameTooLong tooLong) {
        ByteBuf out = ctx.alloc().buffer(160);
        JsonRpcWriter.error(out, null, ErrorCodes.INVALID_REQUEST, "Message too long",
                Map.of("maxFrameBytes", tooLong.maxFrameBytes()));
        out.writeByte('\n');
        ctx.writeAndFlush(out).addListener(written -> {
            // Closing with unread input makes the kernel send RST, which can destroy the error
            // line before the client reads it. Half-close instead, keep draining (the decoder
            // discards everything now), and close once the client has had time to read.
            if (ctx.channel() instanceof DuplexChannel) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }

    // Outbound: called by the engine on this channel's event loop.

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public void send(Object exchange, ByteBuf message) {
        write(message);
    }

    @Override
    public void complete(Object exchange, ByteBuf response) {
        if (response != null) {
            write(response);
        }
    }

    @Override
    public void flush() {
        if (reading || flushScheduled) {
            return; // channelReadComplete or the scheduled task will flush
        }
        flushScheduled = true;
        ctx.executor().execute(flushTask);
    }

    @Override
    public void close() {
        ctx.close();
    }

    private void write(ByteBuf message) {
        message.writeByte('\n');
        ctx.write(message, ctx.voidPromise());
        flushPending = true;
    }

    private void scheduledFlush() {
        flushScheduled = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }
}
