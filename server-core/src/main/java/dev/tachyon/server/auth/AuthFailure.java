package dev.tachyon.server.auth;

/**
 * Why a request was refused by the resource server: the {@code reason} label of
 * {@code tachyon_auth_refusals_total} and what decides the answer's status and
 * {@code WWW-Authenticate} error.
 */
public enum AuthFailure {
    /** No {@code Authorization: Bearer} header: 401 without an error code (RFC 6750 3.1). */
    MISSING("missing", 401, null),
    /** A token that is not a well-formed signed JWT, or lacks a required claim: 401 invalid_token. */
    INVALID("invalid", 401, "invalid_token"),
    /** {@code exp} passed (beyond the clock skew). */
    EXPIRED("expired", 401, "invalid_token"),
    /** {@code nbf} still ahead (beyond the clock skew). */
    NOT_YET_VALID("not-yet-valid", 401, "invalid_token"),
    /** {@code aud} does not name this resource. */
    AUDIENCE("audience", 401, "invalid_token"),
    /** {@code iss} is not a configured authorization server. */
    ISSUER("issuer", 401, "invalid_token"),
    /** {@code alg} is not on the allow-list ({@code none} and HMAC never are). */
    ALGORITHM("algorithm", 401, "invalid_token"),
    /** No key of the issuer has the token's {@code kid}, even after a refresh of its JWKS. */
    UNKNOWN_KEY("unknown-key", 401, "invalid_token"),
    /** The signature does not verify. */
    SIGNATURE("signature", 401, "invalid_token"),
    /** The token lacks a scope the request needs: 403 insufficient_scope. */
    SCOPE("scope", 403, "insufficient_scope"),
    /** A token in the query string ({@code access_token=}): 400 invalid_request (RFC 6750 2.3 is not supported). */
    QUERY_TOKEN("query-token", 400, "invalid_request"),
    /** A token of another principal on a session: answered 404, as an unknown session. */
    SESSION_PRINCIPAL("session-principal", 404, null),
    /** The issuer's metadata or keys could not be fetched: 503 with Retry-After. */
    KEYS_UNAVAILABLE("keys-unavailable", 503, null),
    /** Too many verifications in flight: 503 with Retry-After. */
    BUSY("busy", 503, null);

    private final String label;
    private final int status;
    private final String error;

    AuthFailure(String label, int status, String error) {
        this.label = label;
        this.status = status;
        this.error = error;
    }

    /** The metric label. */
    public String label() {
        return label;
    }

    /** The HTTP status it is answered with. */
    public int status() {
        return status;
    }

    /** The RFC 6750 {@code error} of the challenge, or null when the challenge carries none. */
    public String error() {
        return error;
    }
}
