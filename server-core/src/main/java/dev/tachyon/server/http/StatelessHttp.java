package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.engine.Inbound;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.TransportKind;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateless revision (2026-07-28) on one HTTP connection: every POST is an independent
 * request, answered on its own response; there are no session ids, no GET stream and no
 * resumption. The engine sees the connection as one session that serves every request
 * statelessly, which lives exactly as long as the connection (so closing the connection cancels
 * what it carried, as the revision asks, {@code subscriptions/listen} streams included).
 *
 * <p>Confined to the connection's event loop, like the connection, which answers its requests
 * one at a time: at most one {@link Exchange} is open at once.
 *
 * <pre>
 *   engine's first word is the response  -> 200 application/json (400/404 for validation errors)
 *   the engine first sends a notification -> 200 text/event-stream: data events, the response
 *                                             last, then the stream ends (a listen stream stays)
 *   a notification was posted             -> 202
 * </pre>
 */
final class StatelessHttp extends HttpOutbound {

    private static final Logger LOG = LoggerFactory.getLogger(StatelessHttp.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final HttpConnection connection;
    private final McpEngine engine;
    private McpSession mcp;

    StatelessHttp(HttpConnection connection, McpEngine engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /**
     * Hands a POSTed message, scanned as {@code message} on this (the connection's) loop, to the
     * engine as sent by {@code principal} (authenticated per request); takes ownership of {@code request}.
     */
    void post(FullHttpRequest request, Inbound message, HttpResponder responder, Principal principal) {
        try {
            if (mcp == null) {
                mcp = engine.openSession("http-stateless-" + IDS.incrementAndGet(), TransportKind.HTTP, this,
                        McpSession.RevisionScope.STATELESS);
            }
            Exchange ex = Exchange.of(responder, false);
            ex.deliver(engine, mcp, message, new HttpMessageHeaders(request.headers()), principal, LOG, mcp);
        } finally {
            request.release();
        }
    }

    /** The connection closed: what it carried is cancelled. */
    void connectionClosed() {
        if (mcp != null) {
            engine.closeSession(mcp);
        }
    }

    /**
     * The HTTP status of a JSON-RPC error answered before anything else was said: the
     * revision's validation errors are client errors, an unknown method is 404; errors about
     * the work itself (a failing handler, overload) keep 200, as in earlier revisions.
     */
    static HttpResponseStatus statusOf(int code) {
        switch (code) {
            case ErrorCodes.METHOD_NOT_FOUND:
                return HttpResponseStatus.NOT_FOUND;
            case ErrorCodes.PARSE_ERROR:
            case ErrorCodes.INVALID_REQUEST:
            case ErrorCodes.INVALID_PARAMS:
            case ErrorCodes.HEADER_MISMATCH:
            case ErrorCodes.MISSING_CLIENT_CAPABILITY:
            case ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION:
                return HttpResponseStatus.BAD_REQUEST;
            default:
                return HttpResponseStatus.OK;
        }
    }

    // ---- Outbound (on the connection's event loop) ----

    @Override
    public EventExecutor executor() {
        return connection.eventLoop();
    }

    @Override
    public void send(Object exchange, ByteBuf message) {
        if (!(exchange instanceof Exchange) || ((Exchange) exchange).state == Exchange.DONE
                || ((Exchange) exchange).state == Exchange.PARTS) {
            message.release(); // about nothing this connection still answers (or an answer under way)
            return;
        }
        Exchange ex = (Exchange) exchange;
        if (ex.state == Exchange.PENDING) {
            ex.state = Exchange.STREAMING;
            ex.origin.startEventStream(null);
        }
        ex.origin.chunk(Sse.data(alloc(), Sse.flatten(message)));
    }

    @Override
    public void complete(Object exchange, ByteBuf response) {
        finish(exchange, response, HttpResponseStatus.OK);
    }

    @Override
    public void completeWithError(Object exchange, ByteBuf response, int code) {
        finish(exchange, response, statusOf(code));
    }

    @Override
    public void completeRefused(Object exchange, ByteBuf response, int code, long retryAfterSeconds) {
        if (exchange instanceof Exchange && ((Exchange) exchange).state == Exchange.PENDING) {
            ((Exchange) exchange).state = Exchange.DONE;
            ((Exchange) exchange).origin.json(HttpResponseStatus.TOO_MANY_REQUESTS, response, null,
                    io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
            return;
        }
        finish(exchange, response, HttpResponseStatus.OK); // an SSE stream already under way: its status was said
    }

    @Override
    public java.net.InetAddress clientAddress() {
        return connection.clientAddress();
    }

    /** An abort ends the connection, and this session with it; until then every answer may start in parts. */
    @Override
    boolean answersStill() {
        return true;
    }

    private void finish(Object exchange, ByteBuf response, HttpResponseStatus status) {
        if (!(exchange instanceof Exchange) || ((Exchange) exchange).state == Exchange.DONE) {
            ReferenceCountUtil.release(response);
            return;
        }
        Exchange ex = (Exchange) exchange;
        HttpResponder responder = ex.origin;
        if (ex.state == Exchange.PENDING) {
            ex.state = Exchange.DONE;
            if (response != null) {
                responder.json(status, response, null);
            } else if (ex.inMessage) {
                responder.empty(HttpResponseStatus.ACCEPTED); // a notification
            } else {
                responder.emptyEventStream(); // cancelled before anything was said
            }
            return;
        }
        if (ex.state == Exchange.PARTS) {
            ex.endParts(response);
            return;
        }
        ex.state = Exchange.DONE;
        if (response != null) {
            responder.chunk(Sse.data(alloc(), Sse.flatten(response)));
        }
        responder.end();
    }

    @Override
    public void flush() {
        // The connection flushes once per read batch or event-loop turn.
    }

    @Override
    public void close() {
        connection.close();
    }
}
