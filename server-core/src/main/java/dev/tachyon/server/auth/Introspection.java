package dev.tachyon.server.auth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tachyon.api.Principal;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an opaque access token at the authorization server's RFC 7662 introspection endpoint
 * (POST {@code token=...}, the server's own client credentials in HTTP Basic), then holds the
 * answer to the rules a JWT is held to: {@code active}, {@code iss} (when given) among the
 * configured issuers, {@code aud} containing the resource, {@code exp} and {@code nbf} within the
 * skew; scopes from {@code scope}. Blocking: runs on the verification threads only, with
 * {@link AuthSettings#fetchTimeout()}.
 */
final class Introspection {

    private static final Logger LOG = LoggerFactory.getLogger(Introspection.class);
    /** An answer without {@code exp} is trusted this long (seconds): a revoked token stops working soon. */
    static final long NO_EXP_CACHE_SECONDS = 60;

    private final AuthSettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Set<String> issuers = new LinkedHashSet<>();

    Introspection(AuthSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // RFC 6749 2.3.1: both parts form-urlencoded before Basic.
        String credentials = form(settings.introspectionClientId()) + ":" + form(settings.introspectionClientSecret());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        settings.authorizationServers().forEach(uri -> issuers.add(uri.toString()));
    }

    /** The outcome for {@code token}, and (when accepted) until when it may be cached in {@code expiresAt[0]}. */
    AuthOutcome verify(String token, long nowSecond, long[] expiresAt) {
        Map<String, Object> answer;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(settings.introspectionEndpoint())
                    .timeout(settings.fetchTimeout())
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.debug("introspection at {} answered {}", settings.introspectionEndpoint(), response.statusCode());
                return AuthOutcome.refused(AuthFailure.KEYS_UNAVAILABLE, "the token cannot be introspected now");
            }
            answer = JSONObjectUtils.parse(response.body());
        } catch (IOException | ParseException e) {
            LOG.debug("introspection at {} failed: {}", settings.introspectionEndpoint(), e.toString());
            return AuthOutcome.refused(AuthFailure.KEYS_UNAVAILABLE, "the token cannot be introspected now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthOutcome.refused(AuthFailure.KEYS_UNAVAILABLE, "the token cannot be introspected now");
        }
        return check(answer, nowSecond, expiresAt);
    }

    private AuthOutcome check(Map<String, Object> answer, long nowSecond, long[] expiresAt) {
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the token is not active");
        }
        Object iss = answer.get("iss");
        if (iss != null && !issuers.contains(iss)) {
            return AuthOutcome.refused(AuthFailure.ISSUER, "the token's issuer is not accepted here");
        }
        long skew = settings.clockSkew().toSeconds();
        Long exp = seconds(answer.get("exp"));
        if (exp != null && nowSecond > exp + skew) {
            return AuthOutcome.refused(AuthFailure.EXPIRED, "the token expired");
        }
        Long nbf = seconds(answer.get("nbf"));
        if (nbf != null && nbf > nowSecond + skew) {
            return AuthOutcome.refused(AuthFailure.NOT_YET_VALID, "the token is not valid yet (nbf)");
        }
        Object aud = answer.get("aud");
        String resource = settings.resource().toString();
        if (!(resource.equals(aud) || aud instanceof List<?> list && list.contains(resource))) {
            return AuthOutcome.refused(AuthFailure.AUDIENCE, "the token is not for this resource (aud)");
        }
        Object sub = answer.get("sub");
        Object clientId = answer.get("client_id");
        String subject = sub instanceof String s ? s : clientId instanceof String c ? c : null;
        if (subject == null || subject.isEmpty()) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the introspected token names no subject");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (answer.get("scope") instanceof String scope) {
            for (String one : scope.trim().split("\\s+")) {
                if (!one.isEmpty()) {
                    scopes.add(one);
                }
            }
        }
        // Kept until exp, but never longer than a short while past now when the answer has none,
        // and a little jitter so that tokens introspected together do not all expire together.
        expiresAt[0] = exp != null ? exp : nowSecond + NO_EXP_CACHE_SECONDS - ThreadLocalRandom.current().nextInt(5);
        return AuthOutcome.accepted(Principal.ofToken(subject, clientId instanceof String c ? c : null, scopes, answer));
    }

    private static Long seconds(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
