package dev.tachyon.server.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

/**
 * The seam between the MCP engine and a transport: where the engine puts what it has to say.
 *
 * <p>The engine never knows which transport it speaks to; a transport never knows MCP methods.
 * Every message handed over is one complete JSON-RPC message without framing; the transport
 * frames it (a newline for TCP and stdio, an HTTP body or SSE event for HTTP) and owns it from
 * then on. All methods are called on {@link #executor()}.
 *
 * <p>An <em>exchange</em> is the opaque tag the transport passed with an incoming message
 * ({@code null} for transports where every message shares one stream, like TCP). Messages
 * about that message (progress, logs, server-to-client requests made while handling it, its
 * response) go out with its tag; messages about nothing in particular go out with
 * {@code null}. Every incoming message gets exactly one {@link #complete} call.
 */
public interface Outbound {

    /** The allocator for outgoing messages. */
    ByteBufAllocator alloc();

    /** Bytes a transport may add to a response buffer after the message: its framing (a newline). */
    int FRAMING_BYTES = 16;

    /**
     * A buffer to write one response into, from its writer index on, to be handed back with
     * {@link #complete}/{@link #completeWithError} or given up with {@link #discard}. A transport
     * may return the same buffer for several responses of one flush (TCP and stdio do: one
     * pooled buffer per read batch, written with one write), so the caller writes only after
     * the writer index it found and hands the buffer back before asking for another. The
     * default is a buffer of its own from {@link #alloc()}.
     *
     * <p>The buffer cannot grow without bound: its maximum capacity leaves room for at least
     * {@code maxBytes} (plus {@link #FRAMING_BYTES}) after the writer index, and for at most a
     * batch's worth more, so a response that would be far larger fails while it is being
     * written ({@code IndexOutOfBoundsException} from the buffer) instead of growing it; the
     * engine checks the exact size itself.
     */
    default ByteBuf responseBuffer(int sizeHint, int maxBytes) {
        return alloc().buffer(sizeHint, maxBytes + FRAMING_BYTES);
    }

    /**
     * Gives back a buffer from {@link #responseBuffer} whose response failed while being
     * written: everything from {@code mark} (its writer index when it was handed out) on is
     * dropped. Takes ownership; the default releases it.
     */
    default void discard(ByteBuf buffer, int mark) {
        buffer.release();
    }

    /**
     * Whether the response of {@code exchange} can be sent in parts while it is written
     * ({@link #sendPart}): a stream where nothing else is written between the parts of one
     * response while the engine writes it on {@link #executor()}. TCP and stdio: always (the line
     * simply continues); Streamable HTTP: only a plain JSON answer over HTTP/1.1 (a chunked body),
     * not an SSE event nor a compressed answer. False, the default, for transports that frame a
     * response whole.
     */
    default boolean streamsParts(Object exchange) {
        return false;
    }

    /**
     * Sends the part of {@code exchange}'s response written so far, {@code buffer[mark,
     * writerIndex)}, then {@code tail} if not null, ahead of the rest; takes ownership of both.
     * Returns the buffer to write the rest into (its writer index is the new mark; its maximum
     * capacity leaves room for {@code maxBytes} more, plus {@link #FRAMING_BYTES}), to be handed
     * back as one from {@link #responseBuffer} is. Only called when {@link #streamsParts} said
     * so for the exchange.
     */
    default ByteBuf sendPart(Object exchange, ByteBuf buffer, int mark, ByteBuf tail, int maxBytes) {
        throw new UnsupportedOperationException("this transport sends a response whole");
    }

    /**
     * Ends the response of {@code exchange} that failed after parts of it were sent: they cannot
     * be retracted and nothing else can follow them, so what carries them is closed (the client
     * sees the body cut short). The exchange gets no other completion. The default
     * {@linkplain #close() closes} the stream, as for TCP and stdio, where it is the connection;
     * Streamable HTTP closes the exchange's connection only, and the session goes on.
     */
    default void abort(Object exchange) {
        close();
    }

    /** The thread the session's state lives on; every engine call for the session happens there. */
    EventExecutor executor();

    /** Sends a message (a notification or a server-to-client request); does not flush. Takes ownership. */
    void send(Object exchange, ByteBuf message);

    /**
     * Ends an exchange: {@code response} is its final message, or null when the incoming message
     * needs no response (a notification, a client's response, a cancelled request). Takes ownership.
     */
    void complete(Object exchange, ByteBuf response);

    /**
     * Ends an exchange with a JSON-RPC error response. {@code code} is its error code, for
     * transports whose framing reports errors too (Streamable HTTP answers validation errors of
     * the 2026-07-28 revision with 400 or 404); the others just {@link #complete} it, which is
     * the default. Takes ownership.
     */
    default void completeWithError(Object exchange, ByteBuf response, int code) {
        complete(exchange, response);
    }

    /**
     * Ends an exchange with a JSON-RPC error that refuses the request for a while (a per-client
     * rate limit): Streamable HTTP answers it with {@code 429 Too Many Requests} and
     * {@code Retry-After: retryAfterSeconds} when nothing else was said yet; the others
     * {@link #completeWithError} it, which is the default. Takes ownership.
     */
    default void completeRefused(Object exchange, ByteBuf response, int code, long retryAfterSeconds) {
        completeWithError(exchange, response, code);
    }

    /**
     * The address of the client this session serves, as the rate limits key an anonymous client
     * (behind a balancer, the one its PROXY protocol header named); null when there is none
     * (stdio, an embedded channel), the default.
     */
    default java.net.InetAddress clientAddress() {
        return null;
    }

    /** Flushes what was sent and completed; transports may coalesce flushes within one event-loop turn. */
    void flush();

    /** Closes the connection or stream behind this session. */
    void close();

    /**
     * Closes the connection that carries {@code exchange}'s messages without ending the
     * exchange, where the transport can resume it: the client reconnects and receives what was
     * sent meanwhile, the final response included (Streamable HTTP: SSE polling with
     * {@code Last-Event-ID}). Transports where the connection is the session (TCP, stdio)
     * ignore it, which is the default.
     */
    default void disconnect(Object exchange) {
    }
}
