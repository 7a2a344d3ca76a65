package dev.tachyon.server.auth;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the resource server tells clients: the RFC 9728 protected resource metadata (its JSON and
 * where it is served) and the RFC 6750 {@code WWW-Authenticate} challenges that point at it.
 *
 * <pre>
 *   401 no token      Bearer resource_metadata="https://host/.well-known/oauth-protected-resource/mcp", scope="a b"
 *   401 bad token     Bearer error="invalid_token", error_description="the token expired", resource_metadata="...", scope="a b"
 *   403 scope         Bearer error="insufficient_scope", scope="a b c", resource_metadata="...", error_description="..."
 *   400 query token   Bearer error="invalid_request", error_description="...", resource_metadata="..."
 * </pre>
 *
 * The metadata URL is made from the configured {@code resource}, never from a request's
 * {@code Host}: a client cannot make the server point elsewhere.
 */
public final class Challenges {

    /** The well-known path of RFC 9728 metadata. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String metadataUrl;
    private final String pathSuffixed;
    private final String scope;
    private final byte[] metadata;

    Challenges(AuthSettings settings) {
        URI resource = settings.resource();
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        this.pathSuffixed = WELL_KNOWN + path;
        this.metadataUrl = resource.getScheme() + "://" + resource.getRawAuthority() + pathSuffixed;
        this.scope = String.join(" ", settings.requiredScopes());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("resource", resource.toString());
        doc.put("authorization_servers", settings.authorizationServers().stream().map(URI::toString).toList());
        if (!settings.scopesSupported().isEmpty()) {
            doc.put("scopes_supported", settings.scopesSupported());
        }
        doc.put("bearer_methods_supported", List.of("header"));
        this.metadata = JSONObjectUtils.toJSONString(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code path} (without query) is where the metadata is served: the path-suffixed form, or the bare one. */
    public boolean isMetadataPath(String path) {
        return path.equals(pathSuffixed) || path.equals(WELL_KNOWN);
    }

    /** The absolute URL of the metadata, as challenges name it. */
    public String metadataUrl() {
        return metadataUrl;
    }

    /** The metadata document (UTF-8 JSON); a copy. */
    public byte[] metadata() {
        return metadata.clone();
    }

    /** The challenge of a 401 (no token: {@code outcome} null or {@link AuthFailure#MISSING}) or of a 400/503. */
    public String refusal(AuthOutcome outcome) {
        StringBuilder b = new StringBuilder(160).append("Bearer ");
        String error = outcome == null ? null : outcome.failure().error();
        if (error != null) {
            b.append("error=\"").append(error).append("\", error_description=\"")
                    .append(quotable(outcome.description())).append("\", ");
        }
        b.append("resource_metadata=\"").append(metadataUrl).append('"');
        if (!scope.isEmpty() && (outcome == null || outcome.failure() != AuthFailure.QUERY_TOKEN)) {
            b.append(", scope=\"").append(scope).append('"');
        }
        return b.toString();
    }

    /** The challenge of a 403: the scopes the request needs. */
    public String insufficientScope(List<String> needed) {
        return "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", needed) + "\", resource_metadata=\""
                + metadataUrl + "\", error_description=\"the token lacks a scope this request needs\"";
    }

    /** RFC 6750 quoted strings: no quote, backslash or control character from a description. */
    private static String quotable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? ' ' : c);
        }
        return b.toString();
    }
}
