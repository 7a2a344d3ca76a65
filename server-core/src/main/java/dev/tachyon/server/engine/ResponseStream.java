package dev.tachyon.server.engine;

import io.netty.buffer.ByteBuf;

/**
 * A response sent in parts while its body is written, on a transport that
 * {@linkplain Outbound#streamsParts streams}: a large tool result goes to the socket every
 * {@value #PART_BYTES} bytes instead of being built whole in one buffer that doubles its way up
 * to {@code limits.max-response-bytes}.
 *
 * <p>The bound still holds: a part that would take the response past
 * {@code limits.max-response-bytes} is not sent ({@link OverBound}). Once a part has left, the
 * response cannot be retracted: {@link Request} then closes the connection (the client sees its
 * line cut short, then the end of the stream) instead of answering again.
 *
 * <p>Used on the session's executor during one {@link Request#result} only; one per thread is
 * reused ({@link #open}), so a streamed result allocates nothing more than a whole one.
 */
final class ResponseStream {

    /** A response's body is sent once this much of it is written. */
    static final int PART_BYTES = 64 * 1024;
    /** A text read in place this long or longer is sent as a slice of its frame, not copied. */
    static final int SLICE_CHARS = 16 * 1024;

    private Outbound outbound;
    /** The exchange the response answers, for a transport with several at once (HTTP). */
    private Object exchange;
    private int maxBytes;
    private ByteBuf buffer;
    private int mark;
    private long sent;
    /** Whether a result is being written through this stream now. */
    private boolean open;

    ResponseStream() {
    }

    /**
     * A stream for a response being written into {@code buffer} from {@code mark}: this
     * thread's, or a new one when that is in use (a result written while another is).
     * {@link #close()} it when the response is written.
     */
    static ResponseStream open(Outbound outbound, Object exchange, int maxBytes, ByteBuf buffer, int mark) {
        ResponseStream scratch = MessageScratch.current().responseStream;
        ResponseStream stream = scratch.open ? new ResponseStream() : scratch;
        stream.open = true;
        stream.outbound = outbound;
        stream.exchange = exchange;
        stream.maxBytes = maxBytes;
        stream.buffer = buffer;
        stream.mark = mark;
        stream.sent = 0;
        return stream;
    }

    /** Ends the use of this stream; it keeps no reference to the connection or the buffer. */
    void close() {
        open = false;
        outbound = null;
        exchange = null;
        buffer = null;
    }

    /** The body is written into {@code out}: sends it when a part's worth is there; returns the buffer to go on in. */
    ByteBuf maybeSend(ByteBuf out) {
        return out.writerIndex() - mark >= PART_BYTES ? send(out, null) : out;
    }

    /**
     * Sends what {@code out} holds of the response, then {@code tail} (owned: released if it is
     * not sent); returns the buffer to go on in.
     *
     * @throws OverBound when that would take the response past {@code limits.max-response-bytes}
     */
    ByteBuf send(ByteBuf out, ByteBuf tail) {
        assert out == buffer;
        long bytes = out.writerIndex() - mark + (tail == null ? 0 : tail.readableBytes());
        if (sent + bytes > maxBytes) {
            if (tail != null) {
                tail.release();
            }
            throw new OverBound();
        }
        sent += bytes;
        buffer = outbound.sendPart(exchange, out, mark, tail, (int) (maxBytes - sent));
        mark = buffer.writerIndex();
        return buffer;
    }

    /**
     * Refuses, before any of it is written, what would take the response past
     * {@code limits.max-response-bytes} for certain: at least {@code bytes} more after what
     * {@code out} holds. A long text that alone is over the bound is refused this way while
     * nothing has left yet, so the client gets the usual {@code -32603} instead of a cut line.
     *
     * @throws OverBound when it would not fit
     */
    void ensureFits(ByteBuf out, long bytes) {
        if (sent + out.writerIndex() - mark + bytes > maxBytes) {
            throw new OverBound();
        }
    }

    /** The buffer the rest of the response is in. */
    ByteBuf buffer() {
        return buffer;
    }

    /** Where the rest of the response starts in {@link #buffer()}. */
    int mark() {
        return mark;
    }

    /** Bytes of the response already sent. */
    long sent() {
        return sent;
    }

    /** A body written in parts through a stream when the transport has one. */
    interface Body extends dev.tachyon.codec.JsonWritable {
        /** As {@link #writeJson(ByteBuf)}, sending parts through {@code stream}. */
        void writeJson(ByteBuf target, ResponseStream stream);
    }

    /** The response would go past {@code limits.max-response-bytes}: nothing more of it is sent. */
    static final class OverBound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBound() {
            super("response over limits.max-response-bytes", null, false, false);
        }
    }
}
