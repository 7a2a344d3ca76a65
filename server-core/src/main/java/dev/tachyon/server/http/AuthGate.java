package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.auth.AuthFailure;
import dev.tachyon.server.auth.AuthOutcome;
import dev.tachyon.server.auth.Authenticator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The MCP endpoint as an OAuth 2.1 resource server: every request's bearer token checked before
 * it is routed, and the RFC 9728 metadata served. Runs on the connection's event loop and never
 * blocks it: a token validated before is found in the {@link Authenticator}'s cache inline; any
 * other is verified on a verification thread while the request (retained, owned here) waits, then
 * routing resumes on the connection's loop. The connection answers one request at a time, so
 * nothing overtakes a request waiting for its token.
 *
 * <pre>
 *   access_token in the query       400  Bearer error="invalid_request"
 *   no Authorization: Bearer        401  Bearer resource_metadata="...", scope="..."
 *   token refused                   401  Bearer error="invalid_token", error_description="...", resource_metadata, scope
 *   required scope missing          403  Bearer error="insufficient_scope", scope="...", resource_metadata
 *   issuer keys unreachable, busy   503  Retry-After: 1
 * </pre>
 * Each body is a JSON-RPC error without an id: {@code -32600} with {@code data.reason} (the
 * refusal's label), {@code -32001} for 503.
 */
final class AuthGate {

    /** Routes a request as {@code principal}; returns whether the request was handed on (else the caller releases it). */
    interface Route {
        boolean as(Principal principal);
    }

    private final Authenticator auth;

    AuthGate(Authenticator auth) {
        this.auth = auth;
    }

    Authenticator authenticator() {
        return auth;
    }

    /** Answers a request for the protected resource metadata if {@code path} is where it lives; false if not. */
    boolean serveMetadata(String path, HttpMethod method, HttpResponder responder) {
        if (!auth.challenges().isMetadataPath(path)) {
            return false;
        }
        if (!HttpMethod.GET.equals(method)) {
            responder.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed", HttpHeaderNames.ALLOW, "GET");
            return true;
        }
        responder.json(HttpResponseStatus.OK, Unpooled.wrappedBuffer(auth.challenges().metadata()), null,
                HttpHeaderNames.CACHE_CONTROL, "max-age=300");
        return true;
    }

    /**
     * Authenticates {@code request} and routes it as its principal, now (cache hit) or once its
     * token is verified; answers it when refused.
     *
     * @return whether the request was handed on (routed onward, or kept waiting for its
     *     verification): if false, the caller releases it
     */
    boolean admit(HttpConnection connection, FullHttpRequest request, HttpResponder responder, Route route) {
        if (request.uri().indexOf('?') >= 0
                && new QueryStringDecoder(request.uri()).parameters().containsKey("access_token")) {
            refuse(responder, auth.refused(AuthFailure.QUERY_TOKEN,
                    "access tokens are accepted in the Authorization header only", connection.clientAddress()));
            return false;
        }
        String token = Authenticator.bearerToken(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (token == null) {
            refuse(responder, auth.refused(AuthFailure.MISSING, "no bearer token", connection.clientAddress()));
            return false;
        }
        Principal known = auth.cached(token, connection.lastToken());
        if (known != null) {
            return withScopes(connection, known, responder, route);
        }
        boolean started = auth.verify(token, outcome -> resume(connection, request, responder, route, outcome));
        if (!started) {
            responder.error(HttpResponseStatus.SERVICE_UNAVAILABLE, ErrorCodes.OVERLOADED,
                    "Server busy: too many access tokens being verified", Map.of("reason", AuthFailure.BUSY.label(),
                            "retryAfterMs", 1000), HttpHeaderNames.RETRY_AFTER, "1");
            return false;
        }
        return true; // kept, retained, until the verification ends
    }

    /** On a verification thread: carries the outcome back to the connection's loop. */
    private void resume(HttpConnection connection, FullHttpRequest request, HttpResponder responder, Route route,
            AuthOutcome outcome) {
        try {
            connection.eventLoop().execute(() -> {
                boolean handedOver = false;
                try {
                    if (!connection.active()) {
                        return; // the client left while its token was verified
                    }
                    if (!outcome.ok()) {
                        refuse(responder, outcome);
                        return;
                    }
                    handedOver = withScopes(connection, outcome.principal(), responder, route);
                } finally {
                    if (!handedOver) {
                        request.release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            request.release(); // the loop is shutting down, and the connection with it
        }
    }

    private boolean withScopes(HttpConnection connection, Principal principal, HttpResponder responder, Route route) {
        List<String> missing = auth.missingScopes(principal, null);
        if (missing != null) {
            forbid(connection, responder, missing);
            return false;
        }
        return route.as(principal);
    }

    /**
     * Answers 403 {@code insufficient_scope} if {@code principal} lacks what a {@code tools/call}
     * of {@code tool} needs; true if it did.
     */
    boolean refuseToolCall(HttpConnection connection, Principal principal, String tool, HttpResponder responder) {
        List<String> missing = auth.missingScopes(principal, tool);
        if (missing == null) {
            return false;
        }
        forbid(connection, responder, missing);
        return true;
    }

    /** Whether a {@code tools/call}'s tool name must be read (some tool needs scopes of its own). */
    boolean checksTools() {
        return auth.hasToolScopes();
    }

    /** Counts a request on a session of another principal (answered 404 by the caller, as an unknown session). */
    void sessionOfAnother(HttpConnection connection) {
        auth.refused(AuthFailure.SESSION_PRINCIPAL, "a session of another principal", connection.clientAddress());
    }

    private void forbid(HttpConnection connection, HttpResponder responder, List<String> needed) {
        auth.refused(AuthFailure.SCOPE, "missing scope of " + needed, connection.clientAddress());
        responder.error(HttpResponseStatus.FORBIDDEN, ErrorCodes.INVALID_REQUEST,
                "Forbidden: the access token lacks a needed scope", Map.of("reason", AuthFailure.SCOPE.label(),
                        "scope", String.join(" ", needed)),
                HttpHeaderNames.WWW_AUTHENTICATE, auth.challenges().insufficientScope(needed));
    }

    private void refuse(HttpResponder responder, AuthOutcome outcome) {
        AuthFailure failure = outcome.failure();
        if (failure.status() == 503) {
            responder.error(HttpResponseStatus.SERVICE_UNAVAILABLE, ErrorCodes.OVERLOADED,
                    "Service unavailable: the access token cannot be checked now", Map.of("reason", failure.label(),
                            "retryAfterMs", 1000), HttpHeaderNames.RETRY_AFTER, "1");
            return;
        }
        HttpResponseStatus status = HttpResponseStatus.valueOf(failure.status());
        String message = (failure.status() == 400 ? "Bad Request: " : "Unauthorized: ") + outcome.description();
        responder.error(status, ErrorCodes.INVALID_REQUEST, message, Map.of("reason", failure.label()),
                HttpHeaderNames.WWW_AUTHENTICATE, auth.challenges().refusal(
                        failure == AuthFailure.MISSING ? null : outcome));
    }
}
