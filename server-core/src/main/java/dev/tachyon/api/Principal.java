package dev.tachyon.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as the transport authenticated it: the subject and scopes of a validated
 * OAuth access token (Streamable HTTP with {@code tachyon.auth}), the subject of a client
 * certificate (mutual TLS), or nobody ({@link #anonymous()}: stdio, or a listener that does not
 * authenticate).
 *
 * <p>Immutable and safe to share between threads. Two principals are equal when they have the
 * same source, subject and client id: a session bound to one principal is refused to another
 * even if both have the same scopes.
 */
public final class Principal {

    /** How the principal was established. */
    public enum Source {
        /** Nothing authenticated the client. */
        ANONYMOUS,
        /** A validated OAuth 2.1 bearer token (JWT or introspected). */
        BEARER_TOKEN,
        /** A client certificate verified by mutual TLS. */
        CLIENT_CERTIFICATE
    }

    private static final Principal ANONYMOUS = new Principal(Source.ANONYMOUS, null, null, Set.of(), Map.of());

    private final Source source;
    private final String subject;
    private final String clientId;
    private final Set<String> scopes;
    private final Map<String, Object> claims;

    private Principal(Source source, String subject, String clientId, Set<String> scopes, Map<String, Object> claims) {
        this.source = source;
        this.subject = subject;
        this.clientId = clientId;
        this.scopes = scopes;
        this.claims = claims;
    }

    /** The principal of an unauthenticated client. */
    public static Principal anonymous() {
        return ANONYMOUS;
    }

    /**
     * The principal of a validated access token.
     *
     * @param subject the token's {@code sub} (not null)
     * @param clientId the token's {@code client_id} or {@code azp}, or null
     * @param scopes the granted scopes
     * @param claims every claim of the token (or of the introspection answer), as JSON values
     */
    public static Principal ofToken(String subject, String clientId, Set<String> scopes, Map<String, Object> claims) {
        return new Principal(Source.BEARER_TOKEN, Objects.requireNonNull(subject, "subject"), clientId,
                Collections.unmodifiableSet(new LinkedHashSet<>(scopes)),
                Collections.unmodifiableMap(new LinkedHashMap<>(claims)));
    }

    /** The principal of a verified client certificate, named by its subject's RFC 2253 form. */
    public static Principal ofCertificate(String subjectDistinguishedName) {
        return new Principal(Source.CLIENT_CERTIFICATE, Objects.requireNonNull(subjectDistinguishedName, "subject"),
                null, Set.of(), Map.of());
    }

    public Source source() {
        return source;
    }

    /** Whether nothing authenticated the client. */
    public boolean isAnonymous() {
        return source == Source.ANONYMOUS;
    }

    /** The token's {@code sub} or the certificate's subject; null when anonymous. */
    public String subject() {
        return subject;
    }

    /** The OAuth client the token was issued to, or null. */
    public String clientId() {
        return clientId;
    }

    /** The granted scopes (empty for certificates and anonymous clients). */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether {@code scope} was granted. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The token's claims as JSON values (empty for certificates and anonymous clients). */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Principal that && source == that.source && Objects.equals(subject, that.subject)
                && Objects.equals(clientId, that.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, subject, clientId);
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : source + ":" + subject + (clientId == null ? "" : " (client " + clientId + ")");
    }
}
