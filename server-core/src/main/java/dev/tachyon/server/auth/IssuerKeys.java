package dev.tachyon.server.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * One authorization server's signing keys: its JWKS, found through its metadata (RFC 8414
 * {@code /.well-known/oauth-authorization-server}, else OpenID Connect discovery
 * {@code /.well-known/openid-configuration}, whichever it serves), never through a URL inside a
 * token. The JWKS is nimbus' {@link JWKSourceBuilder} source: cached for
 * {@link AuthSettings#jwksCacheTtl()}, refreshed ahead of expiry, fetched again (at most once per
 * {@link AuthSettings#jwksMinRefreshInterval()}) when a token names a key it does not hold, which
 * is how a key rotation at the issuer is picked up.
 *
 * <p>Called only on the verification threads: every fetch blocks (with
 * {@link AuthSettings#fetchTimeout()}), never on an event loop. Thread-safe.
 */
final class IssuerKeys {

    private final String issuer;
    private final URI issuerUri;
    private final AuthSettings settings;
    private final ResourceRetriever retriever;
    /** Where nimbus refreshes the JWKS ahead of expiry (its default would be a non-daemon thread per issuer). */
    private final ExecutorService refresher;
    private volatile JWKSource<SecurityContext> source;
    /** When discovery last failed (nanoTime), to retry it no more often than the JWKS rate limit. */
    private long failedAt;
    private boolean failed;

    IssuerKeys(URI issuerUri, AuthSettings settings, ResourceRetriever retriever, ExecutorService refresher) {
        this.issuer = issuerUri.toString();
        this.issuerUri = issuerUri;
        this.settings = settings;
        this.retriever = retriever;
        this.refresher = refresher;
    }

    String issuer() {
        return issuer;
    }

    /**
     * The issuer's keys that {@code selector} matches; after a miss nimbus refreshes the JWKS
     * once (rate-limited) and looks again.
     *
     * @throws KeySourceException when the metadata or the JWKS cannot be fetched
     */
    List<JWK> keys(JWKSelector selector) throws KeySourceException {
        return source().get(selector, null);
    }

    private JWKSource<SecurityContext> source() throws KeySourceException {
        JWKSource<SecurityContext> s = source;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (source != null) {
                return source;
            }
            if (failed && System.nanoTime() - failedAt < settings.jwksMinRefreshInterval().toNanos()) {
                throw new KeySourceException("the metadata of " + issuer + " could not be fetched recently; retrying later");
            }
            try {
                URI jwks = discoverJwksUri();
                long ttl = settings.jwksCacheTtl().toMillis();
                long timeout = settings.jwksRefreshTimeout().toMillis();
                long ahead = Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 4);
                JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(jwks.toURL(), retriever)
                        .cache(ttl, timeout)
                        .rateLimited(settings.jwksMinRefreshInterval().toMillis())
                        .retrying(false);
                if (ttl > ahead + timeout) { // nimbus needs room to refresh before the cached set expires
                    builder.refreshAheadCache(ahead, null, refresher, false, null, false);
                }
                source = builder.build();
                failed = false;
                return source;
            } catch (IOException | RuntimeException e) {
                failed = true;
                failedAt = System.nanoTime();
                throw new KeySourceException("the metadata of " + issuer + " could not be used: " + e.getMessage(), e);
            }
        }
    }

    /** The {@code jwks_uri} of the first metadata document the issuer serves that names it as its issuer. */
    private URI discoverJwksUri() throws IOException {
        IOException last = null;
        for (URI candidate : metadataUris(issuerUri)) {
            Map<String, Object> doc;
            try {
                doc = JSONObjectUtils.parse(retriever.retrieveResource(candidate.toURL()).getContent());
            } catch (IOException | ParseException e) {
                last = new IOException(candidate + ": " + e.getMessage(), e);
                continue;
            }
            // RFC 8414 3.3: the document must name the issuer it was fetched for (no mix-up).
            if (!issuer.equals(doc.get("issuer"))) {
                last = new IOException(candidate + " names issuer " + doc.get("issuer") + ", not " + issuer);
                continue;
            }
            Object jwks = doc.get("jwks_uri");
            if (!(jwks instanceof String)) {
                throw new IOException(candidate + " has no jwks_uri");
            }
            URI uri = URI.create((String) jwks);
            if (!AuthSettings.acceptableIssuer(uri)) {
                throw new IOException(candidate + ": jwks_uri must be https (http only on loopback): " + uri);
            }
            return uri;
        }
        throw last != null ? last : new IOException("no metadata for " + issuer);
    }

    /**
     * Where an issuer's metadata may be: RFC 8414 inserts the well-known segment before the
     * issuer's path; OpenID Connect Discovery appends it; the MCP spec also tries OIDC's name
     * inserted like RFC 8414's.
     */
    static List<URI> metadataUris(URI issuer) {
        String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<URI> uris = new ArrayList<>(3);
        uris.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        uris.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        if (!path.isEmpty()) {
            uris.add(URI.create(origin + "/.well-known/openid-configuration" + path));
        }
        return uris;
    }
}
