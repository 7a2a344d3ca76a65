package dev.tachyon.server.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Flush batching for every connection: the handlers behind it call {@code flush()} whenever
 * they have written something, and this turns those calls into one socket flush per read batch
 * (after {@code channelReadComplete} has gone through every handler behind it, so answers
 * written there go in the same flush) and one per event-loop turn for flushes that come from
 * elsewhere (worker completions, timers). A channel over its high-water mark is flushed at
 * once, so that the socket takes what it can.
 *
 * <p>Netty's {@code FlushConsolidationHandler} does the same job; this one stays on a measurement
 * (benchmarks/RESULTS.md, "Flush batching: hand-written vs FlushConsolidationHandler"): both
 * give one socket flush per round trip and throughputs within noise, but the stock handler
 * allocates a future (40 B) for every flush it defers, which is every read batch of an NDJSON
 * connection (it flushes before the handlers' {@code channelReadComplete}, so what they flush
 * there is deferred once more) and every worker completion; this one schedules one preallocated
 * task and allocates nothing, as the hot path's rules ask.
 *
 * <p>This object is itself the task it schedules, so a connection holds no lambda for it.
 * Extended by the shared pipeline's {@link ConnectionHandler}, which adds the connection's
 * timeouts on the same object; stdio installs it alone. Confined to the connection's event loop;
 * one instance per connection.
 */
public class FlushBatching extends ChannelDuplexHandler implements Runnable {

    private ChannelHandlerContext ctx;
    private boolean reading;
    private boolean pending;
    private boolean scheduled;

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        reading = true;
        context.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        context.fireChannelReadComplete(); // the handlers behind write and flush their batch answers first
        reading = false;
        if (pending) {
            flushNow();
        }
    }

    @Override
    public void flush(ChannelHandlerContext context) {
        if (!context.channel().isWritable()) {
            flushNow(); // over the high-water mark: hand the socket what it takes now
        } else if (reading) {
            pending = true; // channelReadComplete flushes the whole read batch
        } else {
            pending = true;
            if (!scheduled) {
                scheduled = true;
                context.executor().execute(this);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        if (pending && !context.channel().isWritable()) {
            flushNow();
        }
        super.channelWritabilityChanged(context);
    }

    @Override
    public void close(ChannelHandlerContext context, ChannelPromise promise) throws Exception {
        if (pending) {
            flushNow(); // what was written before the close still goes out
        }
        super.close(context, promise);
    }

    /** The deferred flush of an event-loop turn: the task {@link #flush} schedules. */
    @Override
    public final void run() {
        scheduled = false;
        if (pending) {
            flushNow();
        }
    }

    /** The connection's context (valid once the handler is added). */
    final ChannelHandlerContext context() {
        return ctx;
    }

    /** Called just before each socket flush this lets through; a subclass's hook (nothing here). */
    void socketFlushing() {
    }

    private void flushNow() {
        pending = false;
        socketFlushing();
        ctx.flush();
    }
}
