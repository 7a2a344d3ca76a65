package dev.tachyon.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code : keep-alive} comments of one connection's SSE responses: a stream that wrote
 * nothing for the interval gets one, so proxies and balancers with idle timeouts keep it open.
 * Confined to the connection's event loop.
 *
 * <p>One timer per streaming connection, as Netty's {@code IdleStateHandler} keeps one per
 * channel, rather than a per-loop sweep over a shared table: armed when a stream starts, it
 * runs once per interval and re-arms for the interval after the stream's last write, and it is
 * cancelled when the stream ends. 10,000 idle streams at 15 s cost about 670 timer runs a second
 * over all loops, each a clock read and at most one 14-byte write, with nothing to register or
 * unregister. A keep-alive never resets a timeout (a streaming connection is never idle), and is
 * skipped while the peer is not reading: the write-stall timeout is counting then, and a client
 * that is gone altogether is found by the write that fails.
 */
final class SseKeepAlive {

    private final ChannelHandlerContext ctx;
    private final long intervalNanos;
    private long lastWrite;
    private ScheduledFuture<?> timer;

    /** @param intervalNanos how long a stream may write nothing before a comment; 0: never */
    SseKeepAlive(ChannelHandlerContext ctx, long intervalNanos) {
        this.ctx = ctx;
        this.intervalNanos = intervalNanos;
    }

    /** A stream starts: arm the timer. */
    void started() {
        stop();
        if (intervalNanos > 0) {
            lastWrite = System.nanoTime();
            timer = ctx.executor().schedule(this::check, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The stream wrote: the next comment is due an interval from now. */
    void wrote() {
        lastWrite = System.nanoTime();
    }

    /** The stream ended, or the connection closed. */
    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        if (!ctx.channel().isActive()) {
            timer = null;
            return;
        }
        long quiet = System.nanoTime() - lastWrite;
        if (quiet >= intervalNanos) {
            if (ctx.channel().isWritable()) {
                ctx.writeAndFlush(new DefaultHttpContent(Sse.keepAlive()), ctx.voidPromise());
            }
            lastWrite = System.nanoTime();
            quiet = 0;
        }
        timer = ctx.executor().schedule(this::check, intervalNanos - quiet, TimeUnit.NANOSECONDS);
    }
}
