package dev.tachyon.server.tcp;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.FrameTooLong;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.NdjsonFrameDecoder;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.Outbound;
import dev.tachyon.server.transport.ConnectionCloses;
import dev.tachyon.server.transport.ConnectionMemory;
import dev.tachyon.server.transport.Linger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
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

    private final McpEngine engine;
    private final String idPrefix;
    private ChannelHandlerContext ctx;
    private McpSession session;
    private boolean reading;
    private boolean flushPending;
    private boolean flushScheduled;
    private boolean inputEnded;
    private final long writeStallNanos;
    private ScheduledFuture<?> stallCheck;
    private final Runnable flushTask = this::scheduledFlush;
    private final ConnectionMemory memory;
    private NdjsonFrameDecoder framer;

    /**
     * @param idPrefix prefix of session ids ({@code "tcp"}, {@code "stdio"})
     * @param writeStallNanos close the connection when the client has not drained our answers
     *     for this long; 0 for never
     */
    public TcpSessionHandler(McpEngine engine, String idPrefix, long writeStallNanos) {
        this(engine, idPrefix, writeStallNanos, null);
    }

    /** @param memory the connection's memory budget, or null for none */
    public TcpSessionHandler(McpEngine engine, String idPrefix, long writeStallNanos, ConnectionMemory memory) {
        this.engine = engine;
        this.idPrefix = idPrefix;
        this.writeStallNanos = writeStallNanos;
        this.memory = memory;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.framer = context.pipeline().get(NdjsonFrameDecoder.class);
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
                ByteBuf refusal = memory == null ? null
                        : memory.refusal(context, frame, framer == null ? 0 : framer.bufferedBytes());
                if (refusal == null) {
                    engine.onMessage(session, frame, null);
                } else {
                    write(refusal); // over the connection's memory budget: -32001 connection-memory
                }
            } finally {
                frame.release();
            }
        } else if (msg instanceof FrameTooLong) {
            rejectLongFrame((FrameTooLong) msg);
        } else if (msg == InputEnded.INSTANCE) {
            inputEnded();
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
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputEnded();
        } else if (event instanceof IdleStateEvent && session.inFlightCount() == 0 && session.listenCount() == 0) {
            closedFor(ConnectionCloses.Reason.IDLE_TIMEOUT);
            context.close(); // idle: no traffic either way for the idle timeout, no work pending, nobody listening
        }
        super.userEventTriggered(context, event);
    }

    /** No more requests will come: close once everything accepted is answered. */
    private void inputEnded() {
        inputEnded = true;
        closeIfDrained();
    }

    private void closeIfDrained() {
        if (inputEnded && session.inFlightCount() == 0) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        boolean writable = context.channel().isWritable();
        // Backpressure: stop reading requests while the client is not reading our answers...
        context.channel().config().setAutoRead(writable);
        // ...and give up on a client that stays that way.
        if (!writable && writeStallNanos > 0 && stallCheck == null) {
            stallCheck = context.executor().schedule(this::closeIfStillStalled, writeStallNanos, TimeUnit.NANOSECONDS);
        } else if (writable && stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        super.channelWritabilityChanged(context);
    }

    private void closeIfStillStalled() {
        stallCheck = null;
        if (!ctx.channel().isWritable()) {
            LOG.debug("closing {}: the client has not read its answers for {} ms", session,
                    TimeUnit.NANOSECONDS.toMillis(writeStallNanos));
            closedFor(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("closing {} after {}", session, cause.toString());
        context.close();
    }

    private void closedFor(ConnectionCloses.Reason reason) {
        if (memory != null) {
            memory.closedFor(reason);
        }
    }

    private void rejectLongFrame(FrameTooLong tooLong) {
        closedFor(ConnectionCloses.Reason.MAX_FRAME_BYTES);
        ByteBuf out = ctx.alloc().buffer(160);
        JsonRpcWriter.error(out, null, ErrorCodes.INVALID_REQUEST, "Message too long",
                Map.of("maxFrameBytes", tooLong.maxFrameBytes()));
        out.writeByte('\n');
        // The decoder discards everything from now on while the connection lingers.
        Linger.closeAfter(ctx, ctx.writeAndFlush(out));
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
        if (inputEnded) {
            closeIfDrained();
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
        int bytes = message.readableBytes();
        ctx.write(message, ctx.voidPromise());
        if (memory != null) {
            memory.written(ctx, bytes);
        }
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
