package dev.tachyon.server.config;

import dev.tachyon.server.auth.AuthSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tachyon.auth}: Streamable HTTP as an OAuth 2.1 resource server. Off while
 * {@code resource} is empty ({@link #configured()}); then nothing about HTTP changes.
 *
 * @param resource               the canonical URI of the MCP endpoint (tokens name it in {@code aud}); "" for off
 * @param authorizationServers   issuer URLs (https; http only on loopback)
 * @param scopesSupported        advertised in the protected resource metadata
 * @param requiredScopes         needed by every request
 * @param toolScopes             tool name to the scopes a {@code tools/call} of it needs
 * @param clockSkew              0..5 minutes
 * @param algorithms             the JWS allow-list (asymmetric only)
 * @param jwksCacheTtl           how long a JWKS is used before it is fetched again
 * @param jwksRefreshTimeout     how long a verification waits for a JWKS refresh under way
 * @param jwksMinRefreshInterval the least time between two JWKS fetches of one issuer
 * @param fetchTimeout           connect and read timeout of metadata and JWKS fetches
 * @param tokenCacheSize         validated tokens kept until their exp
 * @param maxVerificationsInFlight verifications under way at most (beyond: 503)
 * @param verificationThreads    threads verifying tokens
 * @param introspectionEndpoint  RFC 7662 endpoint for opaque tokens; "" for none (JWTs only)
 * @param introspectionClientId  the server's client id there
 * @param introspectionClientSecret the server's client secret there (redacted when printed)
 */
public record AuthConfig(String resource, List<String> authorizationServers, List<String> scopesSupported,
        List<String> requiredScopes, Map<String, List<String>> toolScopes, Duration clockSkew, List<String> algorithms,
        Duration jwksCacheTtl, Duration jwksRefreshTimeout, Duration jwksMinRefreshInterval, Duration fetchTimeout,
        int tokenCacheSize, int maxVerificationsInFlight, int verificationThreads, String introspectionEndpoint,
        String introspectionClientId, String introspectionClientSecret) {

    public AuthConfig {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        requiredScopes = List.copyOf(requiredScopes);
        toolScopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(toolScopes));
        algorithms = List.copyOf(algorithms);
    }

    /** Without the introspection secret. */
    @Override
    public String toString() {
        return "AuthConfig[resource=" + resource + ", authorizationServers=" + authorizationServers
                + ", introspectionEndpoint=" + introspectionEndpoint + ", ...]";
    }

    /** Whether a resource is named, which turns the resource server on. */
    public boolean configured() {
        return !resource.isEmpty();
    }

    /**
     * The settings these values make.
     *
     * @throws IllegalArgumentException naming what is wrong (an http issuer off loopback, an
     *     algorithm outside the allow-list...)
     */
    public AuthSettings toSettings() {
        AuthSettings.Builder builder = AuthSettings.builder(resource);
        if (!introspectionEndpoint.isEmpty()) {
            builder.introspection(introspectionEndpoint, introspectionClientId, introspectionClientSecret);
        }
        return builder
                .authorizationServers(authorizationServers)
                .scopesSupported(scopesSupported)
                .requiredScopes(requiredScopes)
                .toolScopes(toolScopes)
                .clockSkew(clockSkew)
                .algorithms(algorithms)
                .jwksCacheTtl(jwksCacheTtl)
                .jwksRefreshTimeout(jwksRefreshTimeout)
                .jwksMinRefreshInterval(jwksMinRefreshInterval)
                .fetchTimeout(fetchTimeout)
                .tokenCacheSize(tokenCacheSize)
                .maxVerificationsInFlight(maxVerificationsInFlight)
                .verificationThreads(verificationThreads)
                .build();
    }

    /** "a b, c" as [a, b, c]: scopes are separated by commas or spaces. */
    static List<String> scopeList(String text) {
        String t = text.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("[,\\s]+"));
    }

    /** "admin = mcp:admin; deploy = ops mcp:write" as {admin=[mcp:admin], deploy=[ops, mcp:write]}; null when malformed. */
    static Map<String, List<String>> toolScopeMap(String text) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || entry.substring(0, eq).isBlank() || scopeList(entry.substring(eq + 1)).isEmpty()) {
                return null;
            }
            map.put(entry.substring(0, eq).trim(), scopeList(entry.substring(eq + 1)));
        }
        return map;
    }
}
