package dev.tachyon.server.ndjson;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.server.engine.Inbound;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.Outbound;
import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.connection.ClientAddress;
import dev.tachyon.server.connection.ConnectionCloses;
import dev.tachyon.server.connection.ConnectionWork;
import dev.tachyon.server.connection.ConnectionMemory;
import dev.tachyon.server.connection.Linger;
import dev.tachyon.server.connection.ResetProbe;
import dev.tachyon.server.connection.TlsHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP session over one newline-delimited JSON connection (TCP or stdio): frames the input
 * into lines itself ({@link LineFramer}: each line is scanned and handed to the engine in place,
 * in the read buffer, with no slice and no reference count of its own), and frames the answers
 * with {@code \n}. A line is the engine's for the duration of
 * {@link McpEngine#onMessage(McpSession, Inbound, Object, dev.tachyon.server.engine.MessageHeaders)}
 * only, which copies whatever a request keeps past it.
 *
 * <p>Answers go into one pooled buffer per flush ({@link #responseBuffer}), each framed with
 * {@code \n}, and that buffer is written once: answers to a read batch of pipelined requests
 * cost one buffer, one write and one flush, on {@code channelReadComplete}; answers produced
 * later (workers, timers) are written when the engine asks for a flush. Messages written into
 * their own buffer (notifications, errors before a request exists) first write out the answers
 * batched before them, so the wire order is the order of completion. Between flushes a
 * connection holds no buffer. Reads pause while the peer is not draining what we write.
 *
 * <p>Flushes go through the pipeline's {@link dev.tachyon.server.connection.FlushBatching}
 * (one socket flush per read batch or event-loop turn), and the idle and write-stall timeouts
 * are stages of the pipeline ({@link dev.tachyon.server.connection.ConnectionPipeline}); this
 * handler tells the idle timeout when it has work ({@link #busy()}: requests in flight or a
 * listen stream).
 */
public final class NdjsonSessionHandler extends ChannelInboundHandlerAdapter implements Outbound, ConnectionWork {

    private static final Logger LOG = LoggerFactory.getLogger(NdjsonSessionHandler.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** First size of a batch buffer: sixteen pipelined echo answers fit. */
    private static final int BATCH_INITIAL_BYTES = 4096;
    /** A batch this full is written out (not flushed) and a new one started, so one buffer stays moderate. */
    private static final int BATCH_WRITE_BYTES = 64 * 1024;

    private final McpEngine engine;
    private final TransportKind transport;
    private ChannelHandlerContext ctx;
    private McpSession session;
    private boolean reading;
    private boolean flushPending;
    private boolean inputEnded;
    /** Framed answers waiting for the next flush; null when there are none. */
    private ByteBuf batch;
    /** The engine is writing a response into {@link #batch} from this index on; -1 when it is not. */
    private int batchMark = -1;
    private final ConnectionMemory memory;
    private final LineFramer framer;

    /**
     * A session without a memory budget (stdio).
     *
     * @param transport the transport this connection is ({@link TransportKind#TCP} or
     *     {@link TransportKind#STDIO}): the session is opened as one, named after its label
     * @param maxFrameBytes the longest line accepted, terminator excluded ({@code limits.max-frame-bytes})
     */
    public NdjsonSessionHandler(McpEngine engine, TransportKind transport, int maxFrameBytes) {
        this(engine, transport, maxFrameBytes, null);
    }

    /** @param memory the connection's memory budget, or null for none */
    public NdjsonSessionHandler(McpEngine engine, TransportKind transport, int maxFrameBytes, ConnectionMemory memory) {
        this.engine = engine;
        this.transport = transport;
        this.memory = memory;
        this.framer = new LineFramer(maxFrameBytes) {
            @Override
            void line(ByteBuf line) {
                onLine(line);
            }

            @Override
            void tooLong(int maxFrameBytes) {
                rejectLongLine(maxFrameBytes);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        session = engine.openSession(transport.label() + "-" + IDS.incrementAndGet(), transport, this);
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (session != null) {
            engine.closeSession(session);
        }
        releaseBatch();
        framer.release();
        super.channelInactive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseBatch();
        framer.release();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        reading = true;
        if (msg instanceof ByteBuf) {
            framer.read(context.alloc(), (ByteBuf) msg); // onLine for each complete line, then the release
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
            flushNow();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputEnded();
        } else if (event instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) event).isSuccess()
                && session != null) {
            // Mutual TLS: the session belongs to the client certificate's subject. The handshake
            // ends before any request is read, so every request of the session is served as it.
            session.bindPrincipal(TlsHandshake.principal(context.channel()));
        }
        super.userEventTriggered(context, event);
    }

    /** Requests in flight or a listen stream: the connection is not idle, however quiet. */
    @Override
    public boolean busy() {
        return session != null && (session.inFlightCount() > 0 || session.listenCount() > 0);
    }

    /** No more requests will come: close once everything accepted is answered. */
    private void inputEnded() {
        inputEnded = true;
        closeIfDrained();
    }

    private void closeIfDrained() {
        if (inputEnded && session.inFlightCount() == 0) {
            writeBatch();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        boolean writable = context.channel().isWritable();
        // Backpressure: stop reading requests while the client is not reading our answers
        // (the pipeline's write-stall timeout gives up on a client that stays that way).
        context.channel().config().setAutoRead(writable);
        super.channelWritabilityChanged(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("closing {} (client {}) after {}", session, ClientAddress.of(context.channel()), cause.toString());
        context.close();
    }

    private void closedFor(ConnectionCloses.Reason reason) {
        if (memory != null) {
            memory.closedFor(reason);
        }
    }

    /** One line of input, borrowed from the framer for this call: scanned once, then answered. */
    private void onLine(ByteBuf frame) {
        Inbound message = engine.scan(frame); // the message's one scan, whoever answers it
        ByteBuf refusal = memory == null ? null : memory.refusal(ctx, frame,
                message.ok() ? message.envelope() : null, framer.bufferedBytes());
        if (refusal == null) {
            engine.onMessage(session, message, null, null);
        } else {
            write(refusal); // over the connection's memory budget: -32001 connection-memory
        }
    }

    private void rejectLongLine(int maxFrameBytes) {
        closedFor(ConnectionCloses.Reason.MAX_FRAME_BYTES);
        ByteBuf out = ctx.alloc().buffer(160);
        JsonRpcWriter.error(out, null, ErrorCodes.INVALID_REQUEST, "Message too long",
                Map.of("maxFrameBytes", maxFrameBytes));
        out.writeByte('\n');
        writeBatch();
        // The framer discards everything from now on while the connection lingers.
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
    public ByteBuf responseBuffer(int sizeHint, int maxBytes) {
        if (batchMark >= 0) {
            return ctx.alloc().buffer(sizeHint, maxBytes + FRAMING_BYTES); // one response at a time in the batch
        }
        if (batch != null && (batch.writerIndex() >= BATCH_WRITE_BYTES
                || batch.maxCapacity() - batch.writerIndex() < maxBytes + FRAMING_BYTES)) {
            writeBatch();
        }
        if (batch == null) {
            // A response starts below BATCH_WRITE_BYTES: this bound stops any one response from
            // growing the batch much past max-response-bytes while it is written.
            batch = ctx.alloc().buffer(Math.max(BATCH_INITIAL_BYTES, sizeHint),
                    (int) Math.min(Integer.MAX_VALUE, (long) BATCH_WRITE_BYTES + maxBytes + FRAMING_BYTES));
        }
        batchMark = batch.writerIndex();
        return batch;
    }

    @Override
    public void discard(ByteBuf buffer, int mark) {
        if (buffer == batch && batchMark >= 0) {
            batch.writerIndex(mark);
            batchMark = -1;
        } else {
            buffer.release();
        }
    }

    @Override
    public boolean streamsParts(Object exchange) {
        return true;
    }

    /**
     * Writes the part (with the answers batched before it) and asks for a flush, which the
     * pipeline lets through once the channel is over its high-water mark: a large result goes
     * to the socket as it is produced instead of being held whole. The part counts against the
     * connection's output budget as a whole answer does.
     */
    @Override
    public ByteBuf sendPart(Object exchange, ByteBuf buffer, int mark, ByteBuf tail, int maxBytes) {
        int bytes = buffer.writerIndex() - mark + (tail == null ? 0 : tail.readableBytes());
        boolean inBatch = buffer == batch && batchMark >= 0;
        if (inBatch) {
            batch = null; // the batch goes whole: the answers before the part, then the part
            batchMark = -1;
        } else {
            writeBatch(); // what was answered before it goes first
        }
        ctx.write(buffer, ctx.voidPromise());
        if (tail != null) {
            ctx.write(tail, ctx.voidPromise());
        }
        if (memory != null) {
            memory.written(ctx, bytes);
        }
        flushPending = true;
        ctx.flush();
        if (!inBatch) {
            return ctx.alloc().buffer(256, maxBytes + FRAMING_BYTES);
        }
        batch = ctx.alloc().buffer(BATCH_INITIAL_BYTES,
                (int) Math.min(Integer.MAX_VALUE, (long) BATCH_WRITE_BYTES + maxBytes + FRAMING_BYTES));
        batchMark = 0;
        return batch;
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
    public java.net.InetAddress clientAddress() {
        return ClientAddress.addressOf(ctx.channel()); // read when asked: a PROXY protocol header comes after channelActive
    }

    @Override
    public void flush() {
        if (reading) {
            return; // channelReadComplete flushes the read batch's answers
        }
        if (flushPending) {
            flushNow(); // FlushBatching makes the socket flush one per event-loop turn
        }
    }

    @Override
    public void close() {
        ctx.close();
    }

    private void write(ByteBuf message) {
        message.writeByte('\n');
        int bytes;
        if (message == batch && batchMark >= 0) {
            bytes = batch.writerIndex() - batchMark;
            batchMark = -1; // it stays in the batch until the flush
        } else {
            bytes = message.readableBytes();
            writeBatch(); // what was answered before it goes first
            ctx.write(message, ctx.voidPromise());
        }
        if (memory != null) {
            memory.written(ctx, bytes);
        }
        flushPending = true;
    }

    /**
     * Writes (without flushing) the answers batched so far. When a response is being written
     * into the batch now, only the answers before it go, as a slice of the batch.
     */
    private void writeBatch() {
        if (batch == null) {
            return;
        }
        if (batchMark >= 0) {
            if (batchMark > batch.readerIndex()) {
                ctx.write(batch.retainedSlice(batch.readerIndex(), batchMark - batch.readerIndex()), ctx.voidPromise());
                batch.readerIndex(batchMark);
            }
            return;
        }
        ByteBuf out = batch;
        batch = null;
        if (out.isReadable()) {
            ctx.write(out, ctx.voidPromise());
        } else {
            out.release();
        }
    }

    private void releaseBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
            batchMark = -1;
        }
    }

    private void flushNow() {
        flushPending = false;
        writeBatch();
        ctx.flush();
        if (inputEnded && session.inFlightCount() > 0) {
            ResetProbe.afterFlush(ctx); // gone for good, or only half-closed? its queued calls depend on it
        }
    }
}
