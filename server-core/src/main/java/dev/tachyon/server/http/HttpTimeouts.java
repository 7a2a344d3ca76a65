package dev.tachyon.server.http;

import dev.tachyon.server.connection.ConnectionCloses;
import dev.tachyon.server.connection.ConnectionDeadline;
import dev.tachyon.server.connection.ConnectionWork;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.BooleanSupplier;

/**
 * Every wait of an HTTP connection has an end. Sits right after the {@link HttpCodec}, whose
 * {@link HttpCodec#phase() phase} says what the connection is waiting for:
 *
 * <pre>
 *   waiting for                        closed after                                 reason
 *   a new connection's first request   http.header-timeout from the accept          header-timeout
 *   a request's line and headers       http.header-timeout from its first byte      header-timeout
 *   a request's whole body             http.body-timeout from its headers           body-timeout
 *   the next request (keep-alive)      limits.idle-timeout without traffic,         idle-timeout
 *                                      when no response is under way (*)
 *   the client to read its answers     limits.write-stall-timeout above the         write-stall-timeout
 *                                      write-buffer high-water mark (*)
 * </pre>
 * (*) stages of the shared {@link dev.tachyon.server.connection.ConnectionPipeline}, as on TCP;
 * this handler tells the idle timeout when the connection has work ({@link #busy()}).
 *
 *
 * <p>Header and body deadlines are for the whole phase, not the gaps between bytes, so a client
 * trickling a byte a second gets no further than a silent one. While the server itself has
 * paused reading (pipelined requests waiting their turn, the connection's memory budget), the
 * client is not the slow one: a deadline that passes then starts over. A response under way,
 * such as an SSE stream that may stay quiet for long, is never idle.
 *
 * <p>The phase deadlines are hand-written because Netty's read-timeout handlers measure gaps
 * between reads. Cost: a connection whose requests arrive whole (the common case) arms no timer per
 * request; one is armed at the end of a read that leaves a request unfinished, and it re-arms
 * itself only while one is.
 *
 * <p>A connection closed here gets no response: it may be in the middle of reading a request
 * whose framing is not known yet. Each close is counted by its reason.
 */
final class HttpTimeouts extends ConnectionDeadline implements ConnectionWork {

    private final HttpCodec codec;
    private final BooleanSupplier responding;
    private final long headerNanos;
    private final long bodyNanos;
    private long openedAt;
    /** The request and phase the current deadline is for, and when that phase was first seen. */
    private long seenRequest = -1;
    private int seenPhase = HttpCodec.IDLE;
    private long phaseStart;

    /** @param responding whether a response is under way or requests are waiting for one */
    HttpTimeouts(HttpCodec codec, BooleanSupplier responding, long headerNanos, long bodyNanos,
            ConnectionCloses closes) {
        super(closes);
        this.codec = codec;
        this.responding = responding;
        this.headerNanos = headerNanos;
        this.bodyNanos = bodyNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        openedAt = System.nanoTime();
        arm(headerNanos); // the first request's headers are due within the header timeout
        super.channelActive(context);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        int phase = codec.phase();
        if (phase != HttpCodec.IDLE) {
            long now = System.nanoTime();
            observe(phase, now);
            if (!armed()) {
                arm(Math.max(1, phaseStart + limit(phase) - now));
            }
        }
        super.channelReadComplete(context);
    }

    /**
     * Whether the idle timeout must wait: a request is being read or answered, or none has come
     * yet (a connection that never sent one is the header timeout's).
     */
    @Override
    public boolean busy() {
        return codec.phase() != HttpCodec.IDLE || codec.requests() == 0 || responding.getAsBoolean();
    }

    @Override
    protected void expired() {
        long now = System.nanoTime();
        int phase = codec.phase();
        if (phase == HttpCodec.IDLE) {
            if (codec.requests() == 0 && !codec.failed()) { // not a byte since the accept
                long left = openedAt + headerNanos - now;
                if (left > 0) {
                    arm(left);
                } else {
                    close(ConnectionCloses.Reason.HEADER_TIMEOUT);
                }
            }
            return; // between requests: the idle timeout's business
        }
        observe(phase, now);
        long left = phaseStart + limit(phase) - now;
        if (left > 0) {
            arm(left);
        } else if (!context().channel().config().isAutoRead()) {
            phaseStart = now; // we are not reading, so the client cannot be late: start over
            arm(limit(phase));
        } else {
            close(phase == HttpCodec.HEADERS ? ConnectionCloses.Reason.HEADER_TIMEOUT
                    : ConnectionCloses.Reason.BODY_TIMEOUT);
        }
    }

    /** Starts the clock of a phase the first time it is seen. */
    private void observe(int phase, long now) {
        long request = codec.requests();
        if (request != seenRequest || phase != seenPhase) {
            seenRequest = request;
            seenPhase = phase;
            phaseStart = now;
        }
    }

    private long limit(int phase) {
        return phase == HttpCodec.HEADERS ? headerNanos : bodyNanos;
    }
}
