package dev.tachyon.server.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Streamable HTTP as an OAuth 2.1 resource server ({@code tachyon.auth}): which tokens are
 * accepted and what they must grant. Immutable; built with {@link #builder(String)}, whose
 * defaults are those of {@code reference.conf}.
 *
 * <p>Every value is checked when set, so a server never starts with a weak setting: issuers are
 * {@code https://} (plain {@code http://} only on a loopback host, for tests and local
 * authorization servers); the algorithm allow-list names asymmetric JWS algorithms only (never
 * {@code none}, never HMAC: a resource server holds no shared secret, and accepting HMAC is how
 * a token signed with the issuer's public key gets through); the clock skew is at most
 * {@link #MAX_CLOCK_SKEW}.
 */
public final class AuthSettings {

    /** The most clock skew accepted: beyond it an expired token would live noticeably longer. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Algorithms {@link Builder#algorithms} may name: RSA, RSA-PSS and ECDSA signatures. */
    public static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512");
    /** The default allow-list. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256", "PS256");

    private final URI resource;
    private final List<URI> authorizationServers;
    private final List<String> scopesSupported;
    private final List<String> requiredScopes;
    private final Map<String, List<String>> toolScopes;
    private final Duration clockSkew;
    private final List<String> algorithms;
    private final Duration jwksCacheTtl;
    private final Duration jwksRefreshTimeout;
    private final Duration jwksMinRefreshInterval;
    private final Duration fetchTimeout;
    private final int tokenCacheSize;
    private final int maxVerificationsInFlight;
    private final int verificationThreads;
    private final URI introspectionEndpoint;
    private final String introspectionClientId;
    private final String introspectionClientSecret;

    private AuthSettings(Builder b) {
        this.resource = b.resource;
        if (b.authorizationServers.isEmpty()) {
            throw new IllegalArgumentException("auth needs at least one authorization server (issuer URL)");
        }
        this.authorizationServers = List.copyOf(b.authorizationServers);
        this.scopesSupported = List.copyOf(b.scopesSupported);
        this.requiredScopes = List.copyOf(b.requiredScopes);
        Map<String, List<String>> tools = new LinkedHashMap<>();
        b.toolScopes.forEach((tool, scopes) -> tools.put(tool, List.copyOf(scopes)));
        this.toolScopes = Map.copyOf(tools);
        this.clockSkew = b.clockSkew;
        this.algorithms = List.copyOf(b.algorithms);
        this.jwksCacheTtl = b.jwksCacheTtl;
        this.jwksRefreshTimeout = b.jwksRefreshTimeout;
        this.jwksMinRefreshInterval = b.jwksMinRefreshInterval;
        this.fetchTimeout = b.fetchTimeout;
        this.tokenCacheSize = b.tokenCacheSize;
        this.maxVerificationsInFlight = b.maxVerificationsInFlight;
        this.verificationThreads = b.verificationThreads;
        this.introspectionEndpoint = b.introspectionEndpoint;
        this.introspectionClientId = b.introspectionClientId;
        this.introspectionClientSecret = b.introspectionClientSecret;
    }

    /** Settings for the MCP endpoint at {@code resource} (its canonical URI, e.g. {@code https://mcp.example.com/mcp}). */
    public static Builder builder(String resource) {
        return new Builder(resource);
    }

    /** The canonical URI of the MCP endpoint: every token's {@code aud} must contain it. */
    public URI resource() {
        return resource;
    }

    /** The accepted issuers ({@code iss}), as their URLs; their keys are found through their metadata. */
    public List<URI> authorizationServers() {
        return authorizationServers;
    }

    /** Scopes advertised in the protected resource metadata. */
    public List<String> scopesSupported() {
        return scopesSupported;
    }

    /** Scopes every request needs (403 {@code insufficient_scope} without them). */
    public List<String> requiredScopes() {
        return requiredScopes;
    }

    /** Scopes a {@code tools/call} of each named tool needs, beyond {@link #requiredScopes()}. */
    public Map<String, List<String>> toolScopes() {
        return toolScopes;
    }

    /** How far {@code exp} and {@code nbf} may be off the server's clock. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** The JWS algorithms accepted ({@code alg}); a token signed otherwise is refused before any key is looked up. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** How long an issuer's JWKS is used before it is fetched again (it is refreshed ahead of that, off the request path). */
    public Duration jwksCacheTtl() {
        return jwksCacheTtl;
    }

    /** How long a verification waits for a JWKS refresh another one started. */
    public Duration jwksRefreshTimeout() {
        return jwksRefreshTimeout;
    }

    /** The least time between two JWKS fetches of one issuer (an unknown {@code kid} asks for one). */
    public Duration jwksMinRefreshInterval() {
        return jwksMinRefreshInterval;
    }

    /** Connect and read timeout of every fetch (issuer metadata, JWKS). */
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    /** Validated tokens kept (by hash, until they expire) so that a token is verified once, not per request. */
    public int tokenCacheSize() {
        return tokenCacheSize;
    }

    /** Verifications (cache misses) running or waiting at most; beyond, requests are answered 503 with Retry-After. */
    public int maxVerificationsInFlight() {
        return maxVerificationsInFlight;
    }

    /** Threads verifying tokens (signatures, fetches), apart from the event loops. */
    public int verificationThreads() {
        return verificationThreads;
    }

    /**
     * The RFC 7662 introspection endpoint that opaque (non-JWT) access tokens are checked at, or
     * null: then only JWT access tokens are accepted.
     */
    public URI introspectionEndpoint() {
        return introspectionEndpoint;
    }

    /** The client id the server authenticates to the introspection endpoint with (HTTP Basic). */
    public String introspectionClientId() {
        return introspectionClientId;
    }

    /** The client secret for the introspection endpoint; never logged. */
    public String introspectionClientSecret() {
        return introspectionClientSecret;
    }

    /** Whether {@code uri} may be an issuer: https, or http on a loopback host. */
    static boolean acceptableIssuer(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return false;
        }
        return scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost());
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literals are looked at (no DNS lookup): a name other than localhost is not loopback here.
        if (!h.isEmpty() && (Character.digit(h.charAt(0), 16) >= 0 || h.contains(":"))) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Builds {@link AuthSettings}. */
    public static final class Builder {
        private final URI resource;
        private final List<URI> authorizationServers = new ArrayList<>();
        private List<String> scopesSupported = List.of();
        private List<String> requiredScopes = List.of();
        private Map<String, List<String>> toolScopes = Map.of();
        private Duration clockSkew = Duration.ofSeconds(60);
        private List<String> algorithms = DEFAULT_ALGORITHMS;
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksRefreshTimeout = Duration.ofSeconds(5);
        private Duration jwksMinRefreshInterval = Duration.ofSeconds(30);
        private Duration fetchTimeout = Duration.ofSeconds(5);
        private int tokenCacheSize = 10_000;
        private int maxVerificationsInFlight = 256;
        private int verificationThreads = 2;
        private URI introspectionEndpoint;
        private String introspectionClientId = "";
        private String introspectionClientSecret = "";

        private Builder(String resource) {
            URI uri = URI.create(Objects.requireNonNull(resource, "resource"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("resource must be an absolute http(s) URI without a fragment: "
                        + resource);
            }
            this.resource = uri;
        }

        /** Adds the issuers whose tokens are accepted; each https, or http on a loopback host. */
        public Builder authorizationServers(Collection<String> issuers) {
            for (String issuer : issuers) {
                URI uri = URI.create(issuer);
                if (!acceptableIssuer(uri)) {
                    throw new IllegalArgumentException("authorization server must be an https URL (http only on a"
                            + " loopback host), without query or fragment: " + issuer);
                }
                authorizationServers.add(uri);
            }
            return this;
        }

        public Builder scopesSupported(Collection<String> value) {
            this.scopesSupported = scopes(value);
            return this;
        }

        public Builder requiredScopes(Collection<String> value) {
            this.requiredScopes = scopes(value);
            return this;
        }

        /** Scopes per tool name, for {@code tools/call}. */
        public Builder toolScopes(Map<String, ? extends Collection<String>> value) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            value.forEach((tool, scopes) -> copy.put(tool, scopes(scopes)));
            this.toolScopes = copy;
            return this;
        }

        /** 0 to {@link #MAX_CLOCK_SKEW}. */
        public Builder clockSkew(Duration value) {
            if (value.isNegative() || value.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clockSkew must be 0.." + MAX_CLOCK_SKEW + ": " + value);
            }
            this.clockSkew = value;
            return this;
        }

        /** The accepted JWS algorithms, among {@link #ASYMMETRIC_ALGORITHMS}; never empty. */
        public Builder algorithms(Collection<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("algorithms must name at least one algorithm");
            }
            for (String alg : value) {
                if (!ASYMMETRIC_ALGORITHMS.contains(alg)) {
                    throw new IllegalArgumentException("algorithm " + alg + " is not accepted (none and HMAC never"
                            + " are); use some of " + new java.util.TreeSet<>(ASYMMETRIC_ALGORITHMS));
                }
            }
            this.algorithms = List.copyOf(new LinkedHashSet<>(value));
            return this;
        }

        public Builder jwksCacheTtl(Duration value) {
            this.jwksCacheTtl = positive(value, "jwksCacheTtl");
            return this;
        }

        public Builder jwksRefreshTimeout(Duration value) {
            this.jwksRefreshTimeout = positive(value, "jwksRefreshTimeout");
            return this;
        }

        public Builder jwksMinRefreshInterval(Duration value) {
            this.jwksMinRefreshInterval = positive(value, "jwksMinRefreshInterval");
            return this;
        }

        public Builder fetchTimeout(Duration value) {
            this.fetchTimeout = positive(value, "fetchTimeout");
            return this;
        }

        public Builder tokenCacheSize(int value) {
            this.tokenCacheSize = positive(value, "tokenCacheSize");
            return this;
        }

        public Builder maxVerificationsInFlight(int value) {
            this.maxVerificationsInFlight = positive(value, "maxVerificationsInFlight");
            return this;
        }

        public Builder verificationThreads(int value) {
            this.verificationThreads = positive(value, "verificationThreads");
            return this;
        }

        /**
         * Checks opaque tokens at this RFC 7662 endpoint (https, or http on loopback),
         * authenticating as {@code clientId}/{@code clientSecret} with HTTP Basic.
         */
        public Builder introspection(String endpoint, String clientId, String clientSecret) {
            URI uri = URI.create(Objects.requireNonNull(endpoint, "endpoint"));
            if (!acceptableIssuer(uri)) {
                throw new IllegalArgumentException("introspection endpoint must be an https URL (http only on a"
                        + " loopback host): " + endpoint);
            }
            if (clientId == null || clientId.isEmpty() || clientSecret == null || clientSecret.isEmpty()) {
                throw new IllegalArgumentException("introspection needs a client id and a client secret");
            }
            this.introspectionEndpoint = uri;
            this.introspectionClientId = clientId;
            this.introspectionClientSecret = clientSecret;
            return this;
        }

        public AuthSettings build() {
            return new AuthSettings(this);
        }

        private static List<String> scopes(Collection<String> value) {
            for (String scope : value) {
                if (scope.isEmpty() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
                    throw new IllegalArgumentException("not a valid scope token (RFC 6749 3.3): '" + scope + "'");
                }
            }
            return List.copyOf(new LinkedHashSet<>(value));
        }

        private static Duration positive(Duration value, String what) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }

        private static int positive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
