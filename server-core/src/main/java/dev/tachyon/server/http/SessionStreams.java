package dev.tachyon.server.http;

import dev.tachyon.bufferpool.Allocators;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The SSE streams of one {@link HttpSession} and its bounded {@link EventLog}: the standalone (GET)
 * stream, the streams POSTs turned into, which connection each is attached to, event numbering,
 * the {@code retry} field, and resuming a stream with {@code Last-Event-ID} from the log.
 *
 * <p>Confined to the session's event loop; the session decides when (it is still open, the
 * client was heard from) and this does the streams' part.
 */
final class SessionStreams {

    private final String sessionId;
    private final long retryMillis;
    private final EventLog log;
    /** Told when an attached stream's connection is lost. */
    private final HttpResponder.LossListener session;
    private final Exchange standalone = Exchange.standalone();
    /** Open SSE streams of POSTs by stream number; made on the first (most sessions never stream). */
    private Int2ObjectHashMap<Exchange> streams;
    private int nextStream = 1;
    private long nextSeq = 1;

    SessionStreams(String sessionId, long retryMillis, EventLog log, HttpResponder.LossListener session) {
        this.sessionId = sessionId;
        this.retryMillis = retryMillis;
        this.log = log;
        this.session = session;
    }

    /** The session's standalone stream (stream number 0). */
    Exchange standalone() {
        return standalone;
    }

    /** Makes a pending POST's answer a stream of its own, on the POST's connection. */
    void start(Exchange ex) {
        ex.state = Exchange.STREAMING;
        ex.stream = nextStream++;
        if (streams == null) {
            streams = new Int2ObjectHashMap<>(4, 0.65f);
        }
        streams.put(ex.stream, ex);
        attach(ex, ex.origin, Long.MAX_VALUE);
    }

    /** Forgets a POST's stream that has ended (its events stay in the log). */
    void finished(Exchange ex) {
        streams.remove(ex.stream);
    }

    /** Opens the standalone stream, or resumes a stream after {@code lastEventId}, on {@code responder}. */
    void open(HttpResponder responder, String lastEventId) {
        if (lastEventId == null) {
            if (standalone.attached != null) {
                responder.error(HttpResponseStatus.CONFLICT,
                        "Conflict: this session already has an open GET stream");
                return;
            }
            attach(standalone, responder, standalone.delivered);
            return;
        }
        long[] parsed = Sse.parseId(lastEventId.trim());
        if (parsed == null || parsed[0] >= nextStream) {
            responder.error(HttpResponseStatus.BAD_REQUEST, "Bad Request: Last-Event-ID names no stream of this session");
            return;
        }
        int stream = (int) parsed[0];
        long after = parsed[1];
        Exchange ex = stream == 0 ? standalone : streams == null ? null : streams.get(stream);
        if (ex != null) {
            HttpResponder previous = ex.attached;
            if (previous != null) {
                ex.attached = null; // the client says it lost this one; the new connection takes over
                previous.end();
            }
            attach(ex, responder, after);
            return;
        }
        if (!log.holds(stream)) {
            responder.error(HttpResponseStatus.BAD_REQUEST,
                    "Bad Request: the events of stream " + stream + " are no longer kept");
            return;
        }
        // The stream has ended: replay what the client missed (its response included), then end.
        responder.startEventStream(null);
        boolean[] first = {true};
        log.replay(stream, after, (seq, payload, last) -> {
            if (payload != null) {
                responder.chunk(Sse.event(Allocators.allocator(), stream, seq, first[0] ? retryMillis : -1, payload));
                first[0] = false;
            }
        });
        responder.end();
    }

    /**
     * Makes {@code responder} the stream's connection: SSE headers, the kept events after
     * {@code afterSeq}, or a priming event (an id and empty data) when there are none, so the
     * client always holds an id to resume from. The first event carries the {@code retry} field.
     */
    private void attach(Exchange ex, HttpResponder responder, long afterSeq) {
        ex.attached = responder;
        ex.retryDue = true;
        responder.startEventStream(ex.createsSession ? sessionId : null);
        log.replay(ex.stream, afterSeq, (seq, payload, last) -> {
            if (payload != null) {
                write(ex, responder, seq, payload);
            }
        });
        if (ex.retryDue) { // nothing replayed: prime
            ex.retryDue = false;
            responder.chunk(Sse.event(Allocators.allocator(), ex.stream, nextSeq++, retryMillis, null));
        }
        responder.onLoss(session);
    }

    /** Sends one message on a stream (or ends it, when {@code last}); the log takes the message. */
    void emit(Exchange ex, ByteBuf message, boolean last) {
        long seq = nextSeq++;
        if (message != null) {
            message = Sse.flatten(message);
        }
        HttpResponder responder = ex.attached;
        if (responder != null) {
            if (message != null) {
                write(ex, responder, seq, message);
            }
            if (last) {
                ex.attached = null;
                responder.end();
            }
        }
        log.append(ex.stream, seq, message, last);
    }

    private void write(Exchange ex, HttpResponder responder, long seq, ByteBuf message) {
        long retry = ex.retryDue ? retryMillis : -1;
        ex.retryDue = false;
        responder.chunk(Sse.event(Allocators.allocator(), ex.stream, seq, retry, message));
        if (ex.isStandalone()) {
            ex.delivered = Math.max(ex.delivered, seq);
        }
    }

    /** Detaches every stream whose connection was {@code responder} (it was lost); their events are kept. */
    void lost(HttpResponder responder) {
        detachFrom(standalone, responder);
        if (streams != null) {
            for (Exchange ex : streams.values()) {
                detachFrom(ex, responder);
            }
        }
    }

    private static void detachFrom(Exchange ex, HttpResponder responder) {
        if (ex.attached == responder) {
            ex.attached = null;
        }
    }

    /** Whether any stream has a connection (a session with one is not idle). */
    boolean anyAttached() {
        if (standalone.attached != null) {
            return true;
        }
        if (streams != null) {
            for (Exchange ex : streams.values()) {
                if (ex.attached != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Ends every stream's connection (after a {@code retry:} field when {@code retryHint}), marks
     * the POSTs' streams done and releases the kept events: the session is over.
     */
    void closeAll(boolean retryHint) {
        end(standalone, retryHint);
        if (streams != null) {
            for (Exchange ex : streams.values()) {
                end(ex, retryHint);
                ex.state = Exchange.DONE;
            }
            streams = null;
        }
        log.clear();
    }

    /** Ends {@code ex}'s connection, if it has one, after a {@code retry:} field when {@code retryHint}. */
    void end(Exchange ex, boolean retryHint) {
        HttpResponder responder = ex.attached;
        if (responder == null) {
            return;
        }
        ex.attached = null;
        if (retryHint) {
            responder.chunk(Sse.retryHint(Allocators.allocator(), retryMillis));
        }
        responder.end();
    }
}
