package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.server.engine.Inbound;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.MessageHeaders;
import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * What the engine knows as an exchange: one POSTed message and the stream its answer takes, or
 * the session's standalone stream (the GET stream for messages about nothing in particular).
 * Confined to the session's event loop.
 *
 * <pre>
 *   PENDING --complete(response)--> DONE           200 application/json, or 202 for none
 *      |
 *      +--send / disconnect--> STREAMING --complete--> DONE   200 text/event-stream,
 *                                 |  ^                         ended by the response event
 *                     connection lost / disconnect
 *                                 v  |  GET + Last-Event-ID
 *                              (detached: events kept in the session's log)
 *
 *   PENDING --sendPart--> PARTS --complete--> DONE   200 application/json, chunked (HTTP/1.1)
 *                           +----abort------> DONE   connection closed, body cut short
 * </pre>
 */
final class Exchange {

    static final int PENDING = 0;
    static final int STREAMING = 1;
    static final int DONE = 2;
    /** A 200 JSON answer going out in chunks as it is written ({@link #sendPart}); then DONE. */
    static final int PARTS = 3;

    /** The POST's own response, or null for the standalone stream. */
    final HttpResponder origin;
    /** Whether this is the initialize POST that created the session (its response names the session). */
    final boolean createsSession;
    int state;
    /** The stream number in event ids, once streaming (0 for the standalone stream). */
    int stream;
    /** Where events go now; null while detached. */
    HttpResponder attached;
    /** Whether the next event written to {@link #attached} carries the {@code retry} field. */
    boolean retryDue;
    /** True while the engine is handling the POSTed message itself (a null completion then means 202). */
    boolean inMessage;
    /** Standalone stream: the newest event written to a GET stream, so a new GET gets what it missed. */
    long delivered;

    private Exchange(HttpResponder origin, boolean createsSession, int state) {
        this.origin = origin;
        this.createsSession = createsSession;
        this.state = state;
    }

    /** The exchange of one POST. */
    static Exchange of(HttpResponder origin, boolean createsSession) {
        return new Exchange(origin, createsSession, PENDING);
    }

    /** A session's standalone stream: always streaming, stream number 0. */
    static Exchange standalone() {
        return new Exchange(null, false, STREAMING);
    }

    /**
     * Whether this POST's answer may go out in parts as it is written: nothing was said about
     * it yet (else it is an SSE stream, whose events stay whole: each is one line of the
     * session's log, replayed whole on resumption), it does not create the session (its head
     * names the session once initialize succeeded), and it is plain JSON over HTTP/1.1.
     */
    boolean streamsParts() {
        return state == PENDING && !createsSession && origin != null && origin.streamsParts();
    }

    /**
     * Sends {@code buffer[mark, writerIndex)}, then {@code tail} if not null, as chunks of the
     * answer (taking ownership); returns a buffer from {@code alloc} for the rest, with room for
     * {@code maxBytes} more, as {@link Outbound#sendPart} asks.
     */
    ByteBuf sendPart(ByteBufAllocator alloc, ByteBuf buffer, int mark,
            ByteBuf tail, int maxBytes) {
        state = PARTS;
        origin.jsonPart(buffer.readerIndex(mark), null);
        if (tail != null) {
            origin.jsonPart(tail, null);
        }
        return alloc.buffer(256, maxBytes + Outbound.FRAMING_BYTES);
    }

    /** Ends an answer sent in parts: {@code rest} (owned, may be null) is its last chunk. */
    void endParts(ByteBuf rest) {
        state = DONE;
        origin.jsonEnd(rest == null ? Unpooled.EMPTY_BUFFER : rest);
    }

    /** An answer sent in parts failed: its connection closes, the body cut short. */
    void abortParts() {
        if (state == PARTS) {
            state = DONE;
            origin.abort();
        }
    }

    boolean isStandalone() {
        return origin == null;
    }

    /**
     * Hands this exchange's POSTed {@code message} to the engine ({@link McpEngine#onMessage(McpSession,
     * Inbound, Object, MessageHeaders, Principal)}), marked as in the message (so that no answer at
     * all means 202); a failure the engine let through is answered 500 if nothing was answered yet.
     * The call's arguments are passed rather than a lambda over them: one object less per POST.
     */
    void deliver(McpEngine engine, McpSession session, Inbound message, MessageHeaders headers, Principal sender,
            org.slf4j.Logger log, Object where) {
        inMessage = true;
        try {
            engine.onMessage(session, message, this, headers, sender);
        } catch (RuntimeException e) {
            log.warn("{}: message failed", where, e);
            if (state == PENDING) {
                state = DONE;
                origin.error(io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
            }
        } finally {
            inMessage = false;
        }
    }
}
