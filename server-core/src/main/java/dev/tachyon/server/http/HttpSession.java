package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.server.engine.Inbound;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.Outbound;
import dev.tachyon.server.engine.TransportKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP session over Streamable HTTP: the engine's {@link Outbound} for it, and when its
 * requests and answers reach its SSE streams and their event log ({@link SessionStreams}).
 *
 * <p>Pinned to one event loop, chosen when the session is created: every request for the
 * session hops there ({@link #post}, {@link #get}, {@link #delete} may be called from any
 * thread) and all state below is touched only there. Responses are written back to each
 * request's own connection, whichever loop that is on.
 *
 * <p>Each POST is an {@link Exchange}. Its answer is plain JSON when the engine's first word
 * about it is the response; if the engine first sends a message about it (progress, a log, a
 * server-to-client request), the answer becomes an SSE stream with its own stream number.
 * Every SSE event goes into the session's bounded {@link EventLog} ({@link SessionStreams}), so that a client that lost
 * a stream's connection (or was told to reconnect, see {@link #disconnect}) resumes it with
 * GET and {@code Last-Event-ID}.
 */
final class HttpSession extends HttpOutbound implements HttpResponder.LossListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);

    private final String id;
    private final EventLoop loop;
    private final McpEngine engine;
    private final HttpSessions registry;
    private final InetAddress address;
    /** Who sent the initialize: the session answers only to it (another principal gets 404). */
    private final Principal principal;
    private final SessionStreams streams;
    private final Exchange standalone;
    private McpSession mcp;
    private boolean closed;
    private volatile long lastActive = System.nanoTime();
    /** Whether a request came after the initialize that created the session. */
    private volatile boolean used;

    HttpSession(String id, EventLoop loop, McpEngine engine, HttpSessions registry, HttpSettings settings,
            InetAddress address, Principal principal) {
        this.id = id;
        this.loop = loop;
        this.engine = engine;
        this.registry = registry;
        this.address = address;
        this.principal = principal;
        this.streams = new SessionStreams(id, settings.sseRetryMillis(), registry.newEventLog(), this);
        this.standalone = streams.standalone();
    }

    /** Registers the session with the engine; called once, right after construction. */
    void open() {
        this.mcp = engine.openSession(id, TransportKind.HTTP, this, McpSession.RevisionScope.STATEFUL);
        mcp.bindPrincipal(principal);
    }

    String id() {
        return id;
    }

    /** Who the session belongs to ({@link Principal#anonymous()} without auth). */
    Principal principal() {
        return principal;
    }

    /** The client address the session was counted against (null when the connection had none). */
    InetAddress address() {
        return address;
    }

    /** Whether a request came after the initialize that created the session. */
    boolean used() {
        return used;
    }

    /** Nanoseconds since the last request for this session arrived. */
    long idleNanos(long now) {
        return now - lastActive;
    }

    // ---- Requests (any thread) ----

    /**
     * Hands a POSTed message, scanned as {@code message} on the calling thread, to the engine;
     * takes ownership of {@code request}.
     */
    void post(FullHttpRequest request, Inbound message, HttpResponder responder, boolean createsSession,
            Principal sender) {
        touch();
        if (!createsSession) {
            used = true;
        }
        if (loop.inEventLoop()) {
            onPost(request, message, responder, createsSession, sender); // here and now, without a task
            return;
        }
        // On any other thread the scan is kept apart from that thread's next one (the request,
        // which holds the frame, lives until then).
        Inbound kept = message.copy();
        if (!run(() -> onPost(request, kept, responder, createsSession, sender))) {
            request.release();
            responder.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server is shutting down");
        }
    }

    /** Opens the standalone stream, or resumes a stream after {@code lastEventId}. */
    void get(HttpResponder responder, String lastEventId) {
        touch();
        used = true;
        if (!run(() -> onGet(responder, lastEventId))) {
            responder.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server is shutting down");
        }
    }

    /** Ends the session at the client's request. */
    void delete(HttpResponder responder) {
        if (!run(() -> {
            if (closed) {
                responder.error(HttpResponseStatus.NOT_FOUND, "Session not found: it expired or was terminated");
                return;
            }
            terminate();
            responder.empty(HttpResponseStatus.OK);
        })) {
            responder.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server is shutting down");
        }
    }

    /** Ends the session if it is still idle; a session with an open stream or running work is not. */
    void expireIfIdle(long timeoutNanos) {
        run(() -> {
            if (closed || idleNanos(System.nanoTime()) < timeoutNanos) {
                return;
            }
            if (streams.anyAttached() || mcp.inFlightCount() > 0) {
                touch();
                return;
            }
            LOG.debug("session {} idle, ending it", id);
            terminate();
        });
    }

    /**
     * Ends the session (server shutdown); the returned future completes once it has. Its open
     * streams get a {@code retry:} field before they end: the client reconnects, and finds out.
     */
    Future<?> shutdown() {
        return loop.submit(() -> terminate(true));
    }

    /** Ends the GET stream, if open, after a {@code retry:} field (a drain); the session stays. */
    void endStandaloneStream() {
        run(() -> {
            if (!closed) {
                streams.end(standalone, true);
            }
        });
    }

    @Override
    public void lost(HttpResponder responder) {
        run(() -> {
            touch();
            streams.lost(responder);
        });
    }

    // ---- Session event loop ----

    private void onPost(FullHttpRequest request, Inbound message, HttpResponder responder, boolean createsSession,
            Principal sender) {
        try {
            if (closed) {
                responder.error(HttpResponseStatus.NOT_FOUND, "Session not found: it expired or was terminated");
                return;
            }
            Exchange ex = Exchange.of(responder, createsSession);
            // The sender is the session's principal (checked before), with its token's current scopes.
            ex.deliver(engine, mcp, message, null, sender, LOG, this);
        } finally {
            request.release();
        }
    }

    private void onGet(HttpResponder responder, String lastEventId) {
        if (closed) {
            responder.error(HttpResponseStatus.NOT_FOUND, "Session not found: it expired or was terminated");
            return;
        }
        touch();
        streams.open(responder, lastEventId);
    }

    // ---- Outbound (called by the engine on the session's event loop) ----

    @Override
    public EventExecutor executor() {
        return loop;
    }

    @Override
    public void send(Object exchange, ByteBuf message) {
        if (closed) {
            message.release();
            return;
        }
        Exchange ex = exchange instanceof Exchange ? (Exchange) exchange : standalone;
        if (ex.state == Exchange.DONE || ex.state == Exchange.PARTS) {
            ex = standalone; // about a request already answered (or being): nothing to relate it to any more
        }
        if (ex.state == Exchange.PENDING) {
            startStream(ex);
        }
        emit(ex, message, false);
    }

    @Override
    public void complete(Object exchange, ByteBuf response) {
        if (!(exchange instanceof Exchange)) {
            ReferenceCountUtil.release(response);
            return;
        }
        Exchange ex = (Exchange) exchange;
        if (ex.state == Exchange.PENDING) {
            ex.state = Exchange.DONE;
            if (response != null) {
                ex.origin.json(HttpResponseStatus.OK, response, sessionHeader(ex));
            } else if (ex.inMessage) {
                ex.origin.empty(HttpResponseStatus.ACCEPTED); // a notification or a response
            } else if (closed) {
                ex.origin.error(HttpResponseStatus.NOT_FOUND, "Session terminated");
            } else {
                ex.origin.emptyEventStream(); // a request cancelled before anything was said about it
            }
        } else if (ex.state == Exchange.STREAMING && !ex.isStandalone()) {
            ex.state = Exchange.DONE;
            streams.finished(ex);
            emit(ex, response, true);
        } else if (ex.state == Exchange.PARTS) {
            ex.endParts(response);
        } else {
            ReferenceCountUtil.release(response);
        }
    }

    @Override
    public void completeRefused(Object exchange, ByteBuf response, int code, long retryAfterSeconds) {
        if (exchange instanceof Exchange && ((Exchange) exchange).state == Exchange.PENDING) {
            Exchange ex = (Exchange) exchange;
            ex.state = Exchange.DONE;
            ex.origin.json(HttpResponseStatus.TOO_MANY_REQUESTS, response, sessionHeader(ex),
                    io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
            return;
        }
        complete(exchange, response); // an SSE stream already under way: its status was said
    }

    /** The address of the client that opened the session: an anonymous client's requests are rate-limited under it. */
    /** A terminated session's answers no longer start in parts. */
    @Override
    boolean answersStill() {
        return !closed;
    }

    @Override
    public InetAddress clientAddress() {
        return address;
    }

    @Override
    public void flush() {
        // Connections flush on their own, once per read batch or event-loop turn.
    }

    @Override
    public void close() {
        terminate();
    }

    /**
     * Ends the connection of {@code exchange}'s SSE stream (starting the stream if nothing was
     * sent yet) without ending the stream: a {@code retry} hint, then the end of the HTTP
     * response. The client reconnects with {@code Last-Event-ID} and gets the rest.
     */
    @Override
    public void disconnect(Object exchange) {
        if (closed || !(exchange instanceof Exchange)) {
            return;
        }
        Exchange ex = (Exchange) exchange;
        if (ex.state == Exchange.PENDING) {
            startStream(ex);
        }
        if (ex.state == Exchange.STREAMING) {
            streams.end(ex, true);
        }
    }

    // ---- Streams ----

    private void startStream(Exchange ex) {
        touch();
        streams.start(ex);
    }

    /** Sends one message on a stream (or ends it, when {@code last}), unless the session is over. */
    private void emit(Exchange ex, ByteBuf message, boolean last) {
        if (closed) {
            ReferenceCountUtil.release(message);
            return;
        }
        streams.emit(ex, message, last);
    }

    /**
     * The {@code Mcp-Session-Id} header for the initialize response that created this session;
     * if initialize failed, the session is discarded instead and no header is sent.
     */
    private String sessionHeader(Exchange ex) {
        if (!ex.createsSession) {
            return null;
        }
        if (mcp.isInitialized()) {
            return id;
        }
        terminate();
        return null;
    }

    private void terminate() {
        terminate(false);
    }

    /**
     * Ends the session: open streams end (after a {@code retry:} field when {@code retryHint}),
     * the engine cancels its work (a request not streaming yet gets 404), kept events are
     * released. Streams end first: a cancelled streaming request completes as already done.
     */
    private void terminate(boolean retryHint) {
        if (closed) {
            return;
        }
        closed = true;
        registry.remove(this);
        streams.closeAll(retryHint);
        engine.closeSession(mcp);
    }

    private void touch() {
        lastActive = System.nanoTime();
    }

    /** Runs {@code task} on the session's loop; false if the loop no longer accepts work. */
    private boolean run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HttpSession(" + id + ")";
    }
}
