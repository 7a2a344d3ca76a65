package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.server.engine.Inbound;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.ratelimit.RateLimited;
import dev.tachyon.server.ratelimit.RateLimits;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.util.Map;

/**
 * The MCP endpoint's request rules: which requests reach a session and what the others are
 * answered. Shared by every connection; runs on the connection's event loop and hands accepted
 * requests to their session (which may live on another loop).
 *
 * <pre>
 *   path?  Host/Origin?  method?
 *   POST   Accept json+sse (406)  Content-Type json (415)  [session id: version (400)]  batch (400)
 *          session id: its session, unknown id 404
 *          no session id, stateful shape (no stateless _meta; a 2025 version header, or an
 *            initialize without one): initialize opens a session (over a session cap: 503),
 *            anything else 400
 *          anything else: the connection's stateless (2026-07-28) requests, validated by the engine
 *   GET    neither session id nor 2025 version header: 405 (the stateless revision is POST only)
 *          Accept sse (406)  version (400)  session id (400/404)  [Last-Event-ID]
 *   DELETE as GET: 405, or session id (400/404) -> 200
 * </pre>
 *
 * <p>With {@code tachyon.auth}, the {@link AuthGate} answers first (after the Host check): the
 * protected resource metadata without a token, every MCP request without a valid one 401 (403
 * without a required scope); a {@code tools/call} of a tool with scopes of its own is checked
 * after the scan; a session answers only to the principal that initialized it (else 404).
 * The principal then goes with the message to the engine.
 */
final class McpEndpoint {

    private final HttpSettings settings;
    private final HttpSessions sessions;
    private final McpEngine engine;
    /** Null when {@code tachyon.auth} is off: every request is then anonymous. */
    private final AuthGate auth;
    /** False once the listener stopped accepting (a drain): connections close after their answers. */
    private volatile boolean accepting = true;

    McpEndpoint(HttpSettings settings, HttpSessions sessions, AuthGate auth) {
        this.settings = settings;
        this.sessions = sessions;
        this.engine = sessions.engine();
        this.auth = auth;
    }

    /** The listener stopped accepting: each connection closes once it has answered what it was sent. */
    void stopAccepting() {
        accepting = false;
    }

    /** Whether the listener still accepts: while not, a balancer must open its next connection elsewhere. */
    boolean accepting() {
        return accepting;
    }

    /** Answers {@code request} (or hands it to its session); takes ownership of it. */
    void handle(HttpConnection connection, FullHttpRequest request, RequestHeaders headers, HttpResponder responder) {
        boolean handedOver = false;
        try {
            handedOver = route(connection, request, headers, responder);
        } finally {
            if (!handedOver) {
                request.release();
            }
        }
    }

    /** @return whether the request was handed to a session (which then owns it) */
    private boolean route(HttpConnection connection, FullHttpRequest request, RequestHeaders headers,
            HttpResponder responder) {
        if (request.decoderResult().isFailure()) {
            responder.error(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request");
            return false;
        }
        boolean mcpPath = pathMatches(request.uri());
        if (!mcpPath && (auth == null || !auth.authenticator().challenges().isMetadataPath(pathOf(request.uri())))) {
            responder.error(HttpResponseStatus.NOT_FOUND, "No MCP endpoint at this path; use " + settings.path());
            return false;
        }
        if (!hostAllowed(connection, headers)) {
            responder.error(HttpResponseStatus.FORBIDDEN, "Host or Origin not allowed");
            return false;
        }
        if (!mcpPath) {
            auth.serveMetadata(pathOf(request.uri()), request.method(), responder); // no token needed (RFC 9728)
            return false;
        }
        if (auth != null) {
            return auth.admit(connection, request, responder, principal -> routeAs(connection, request, headers,
                    responder, principal));
        }
        // Without auth, the client is who its TLS connection proved: the certificate's subject
        // under mutual TLS, else anonymous. It owns the sessions it opens like a token holder.
        return routeAs(connection, request, headers, responder, connection.certificatePrincipal());
    }

    /** Routes an authenticated request (on the connection's loop); returns whether it was handed to a session. */
    private boolean routeAs(HttpConnection connection, FullHttpRequest request, RequestHeaders read,
            HttpResponder responder, Principal principal) {
        HttpMethod method = request.method();
        if (HttpMethod.POST.equals(method)) {
            return post(connection, request, read, responder, principal);
        }
        HttpHeaders headers = request.headers();
        boolean stream = HttpMethod.GET.equals(method);
        if ((stream || HttpMethod.DELETE.equals(method)) && !statefulStreamOrDelete(headers)) {
            responder.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method not allowed: the stateless revision (2026-07-28) takes POST only; a client of an earlier"
                            + " revision sends Mcp-Session-Id", HttpHeaderNames.ALLOW, "POST");
            return false;
        }
        if (stream) {
            get(connection, request, responder, principal);
            return false;
        }
        if (HttpMethod.DELETE.equals(method)) {
            delete(connection, request, responder, principal);
            return false;
        }
        responder.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                HttpHeaderNames.ALLOW, "GET, POST, DELETE");
        return false;
    }

    private boolean post(HttpConnection connection, FullHttpRequest request, RequestHeaders headers,
            HttpResponder responder, Principal principal) {
        if (!acceptsJsonAndStream(connection, headers)) {
            responder.error(HttpResponseStatus.NOT_ACCEPTABLE,
                    "Not Acceptable: Accept must list both application/json and text/event-stream");
            return false;
        }
        if (!RequestRules.isJson(headers.contentType())) {
            responder.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Media Type: Content-Type must be application/json");
            return false;
        }
        String sessionId = headers.sessionId();
        if (sessionId != null && !RequestRules.versionAcceptable(headers.protocolVersion())) {
            responder.error(HttpResponseStatus.BAD_REQUEST, unsupportedVersion(headers.protocolVersion()));
            return false;
        }
        ByteBuf body = request.content();
        if (firstByte(body) == '[') {
            ByteBuf error = connection.alloc().buffer(128);
            JsonRpcWriter.error(error, null, ErrorCodes.INVALID_REQUEST, "Invalid Request",
                    Map.of("detail", "JSON-RPC batches are not supported: send one message per POST"));
            responder.json(HttpResponseStatus.BAD_REQUEST, error, null);
            return false;
        }
        // Every POST is checked as JSON-RPC before it reaches a session: the transport answers a
        // message it cannot accept with 400 and the error as its body, whatever the session. This
        // is the message's one scan: the session's engine is handed what it found.
        Inbound message = engine.scan(body);
        if (!message.ok()) {
            ByteBuf error = connection.alloc().buffer(128);
            message.writeRefusal(error);
            responder.json(HttpResponseStatus.BAD_REQUEST, error, null);
            return false;
        }
        if (auth != null && auth.checksTools() && message.isRequest() && message.method() == McpMethod.TOOLS_CALL
                // The body's name, never the Mcp-Name header: the body is what runs.
                && auth.refuseToolCall(connection, principal, message.paramString("name"), responder)) {
            return false;
        }
        if (sessionId != null) {
            HttpSession session = ownSession(connection, sessionId, principal, responder);
            if (session == null) {
                return false;
            }
            session.post(request, message, responder, false, principal);
            return true;
        }
        if (!stateful(headers.protocolVersion(), message)) {
            connection.stateless(engine).post(request, message, responder, principal);
            return true;
        }
        if (!message.isRequest() || message.method() != McpMethod.INITIALIZE) {
            responder.error(HttpResponseStatus.BAD_REQUEST,
                    "Bad Request: the Mcp-Session-Id header is required (only initialize may go without it)");
            return false;
        }
        InetAddress address = connection.clientAddress();
        // The client is the token's or certificate's principal, else its address.
        RateLimited tooFast = engine.rateLimits().session(RateLimits.clientOf(principal, address));
        if (tooFast != null) {
            refuseRateLimited(connection, responder, tooFast, message);
            return false;
        }
        SessionLimit.Reason refused = sessions.admit(address);
        if (refused != null) {
            refuseSession(connection, responder, refused, message);
            return false;
        }
        // A new session lives on this connection's event loop: a client that keeps its
        // connection alive is then served without a thread hop.
        HttpSession session = sessions.open(connection.eventLoop(), address, principal);
        session.post(request, message, responder, true, principal);
        return true;
    }

    /**
     * Answers an initialize over a session cap: 503, {@code Retry-After}, and the JSON-RPC error
     * for the initialize's id, e.g.
     * <pre>{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Too many sessions from this address","data":{"reason":"max-sessions-per-address","limit":1000,"retryAfterMs":10000}}}</pre>
     * The connection goes on: the client's other sessions are not affected.
     */
    private void refuseSession(HttpConnection connection, HttpResponder responder, SessionLimit.Reason reason,
            Inbound message) {
        byte[] id = message.id();
        ByteBuf error = connection.alloc().buffer(192 + id.length);
        JsonRpcWriter.error(error, id, ErrorCodes.OVERLOADED,
                reason == SessionLimit.Reason.MAX_SESSIONS ? "Too many sessions" : "Too many sessions from this address",
                Map.of("reason", reason.label(), "limit", sessions.limit().limitOf(reason),
                        "retryAfterMs", SessionLimit.RETRY_AFTER_MS));
        responder.json(HttpResponseStatus.SERVICE_UNAVAILABLE, error, null, HttpHeaderNames.RETRY_AFTER,
                Long.toString(SessionLimit.RETRY_AFTER_MS / 1000));
    }

    /**
     * Answers an initialize over the client's session rate ({@code rate-limits.sessions}):
     * {@code 429}, {@code Retry-After} in whole seconds rounded up, and the JSON-RPC error for the
     * initialize's id ({@code -32007}, {@code data.reason} {@code rate-limited-sessions}). The
     * connection goes on.
     */
    private static void refuseRateLimited(HttpConnection connection, HttpResponder responder, RateLimited refusal,
            Inbound message) {
        byte[] id = message.id();
        ByteBuf error = connection.alloc().buffer(192 + id.length);
        JsonRpcWriter.error(error, id, ErrorCodes.RATE_LIMITED, refusal.message(), refusal.data());
        responder.json(HttpResponseStatus.TOO_MANY_REQUESTS, error, null, HttpHeaderNames.RETRY_AFTER,
                Long.toString(refusal.retryAfterSeconds()));
    }

    /**
     * Whether a POST without a session id belongs to the stateful revisions: it has no
     * stateless {@code _meta} and either names a stateful revision in {@code MCP-Protocol-Version}
     * or is an {@code initialize} without that header. Everything else is served statelessly
     * (2026-07-28), which then answers a missing {@code _meta} or header with its own errors.
     */
    private static boolean stateful(String version, Inbound message) {
        boolean legacyHeader = version != null && RequestRules.SUPPORTED_VERSIONS.contains(version.strip());
        boolean bareInitialize = version == null && message.isRequest() && message.method() == McpMethod.INITIALIZE;
        return (legacyHeader || bareInitialize) && !message.isStatelessShaped();
    }

    private void get(HttpConnection connection, FullHttpRequest request, HttpResponder responder,
            Principal principal) {
        HttpHeaders headers = request.headers();
        if (!RequestRules.accepts(headers, RequestRules.EVENT_STREAM)) {
            responder.error(HttpResponseStatus.NOT_ACCEPTABLE, "Not Acceptable: Accept must list text/event-stream");
            return;
        }
        if (!RequestRules.versionAcceptable(headers)) {
            responder.error(HttpResponseStatus.BAD_REQUEST, unsupportedVersion(headers));
            return;
        }
        HttpSession session = session(connection, headers, principal, responder);
        if (session != null) {
            session.get(responder, headers.get(RequestRules.LAST_EVENT_ID));
        }
    }

    private void delete(HttpConnection connection, FullHttpRequest request, HttpResponder responder,
            Principal principal) {
        HttpHeaders headers = request.headers();
        if (!RequestRules.versionAcceptable(headers)) {
            responder.error(HttpResponseStatus.BAD_REQUEST, unsupportedVersion(headers));
            return;
        }
        HttpSession session = session(connection, headers, principal, responder);
        if (session != null) {
            session.delete(responder);
        }
    }

    /**
     * Whether a GET or DELETE belongs to the stateful revisions, which have session streams and
     * session ends: it names a session or a stateful revision. The stateless revision has
     * neither, and answers 405.
     */
    private static boolean statefulStreamOrDelete(HttpHeaders headers) {
        String version = headers.get(RequestRules.PROTOCOL_VERSION);
        return headers.contains(HttpResponder.SESSION_ID)
                || version != null && RequestRules.SUPPORTED_VERSIONS.contains(version.strip());
    }

    /** The session the request names, or null after answering 400 (no id) or 404 (unknown id, or another's). */
    private HttpSession session(HttpConnection connection, HttpHeaders headers, Principal principal,
            HttpResponder responder) {
        String id = headers.get(HttpResponder.SESSION_ID);
        if (id == null) {
            responder.error(HttpResponseStatus.BAD_REQUEST, "Bad Request: the Mcp-Session-Id header is required");
            return null;
        }
        return ownSession(connection, id, principal, responder);
    }

    /**
     * The session {@code id} if it exists and belongs to {@code principal}, else null after
     * answering 404: a session of another principal is answered exactly as an unknown one, so
     * that a stolen or guessed id reveals nothing.
     */
    private HttpSession ownSession(HttpConnection connection, String id, Principal principal,
            HttpResponder responder) {
        HttpSession session = sessions.find(id);
        if (session != null && !session.principal().equals(principal)) {
            if (auth != null) {
                auth.sessionOfAnother(connection);
            }
            session = null;
        }
        if (session == null) {
            responder.error(HttpResponseStatus.NOT_FOUND, "Session not found: it expired or was terminated");
        }
        return session;
    }

    /**
     * {@link RequestRules#hostAllowed} of the request's {@code Host} and {@code Origin}. A client
     * sends the same {@code Host} on every request of a connection: the last one found allowed
     * without an {@code Origin} is kept on the connection, and an equal one is not parsed again
     * (the allow-list never changes; an {@code Origin} is always checked).
     */
    private boolean hostAllowed(HttpConnection connection, RequestHeaders headers) {
        String host = headers.host();
        String origin = headers.origin();
        if (origin == null && host != null && host.equals(connection.allowedHost)) {
            return true;
        }
        if (!RequestRules.hostAllowed(host, origin, settings.allowedHosts())) {
            return false;
        }
        if (origin == null && host != null) {
            connection.allowedHost = host;
        }
        return true;
    }

    /**
     * Whether {@code Accept} lists both JSON and SSE. As for {@code Host}, the last single
     * {@code Accept} value that did is kept on the connection, and an equal one is not parsed again.
     */
    private static boolean acceptsJsonAndStream(HttpConnection connection, RequestHeaders headers) {
        String accept = headers.singleAccept();
        if (accept != null && accept.equals(connection.acceptedAccept)) {
            return true;
        }
        if (!headers.accepts(RequestRules.JSON) || !headers.accepts(RequestRules.EVENT_STREAM)) {
            return false;
        }
        connection.acceptedAccept = accept;
        return true;
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private boolean pathMatches(String uri) {
        String path = settings.path();
        if (!uri.startsWith(path)) {
            return false;
        }
        return uri.length() == path.length() || uri.charAt(path.length()) == '?';
    }

    private static String unsupportedVersion(HttpHeaders headers) {
        return unsupportedVersion(headers.get(RequestRules.PROTOCOL_VERSION));
    }

    private static String unsupportedVersion(String version) {
        return "Bad Request: unsupported MCP-Protocol-Version '" + version
                + "'; supported: " + String.join(", ", McpEngine.sessionVersions());
    }

    private static int firstByte(ByteBuf body) {
        for (int i = body.readerIndex(); i < body.writerIndex(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
        }
        return -1;
    }
}
