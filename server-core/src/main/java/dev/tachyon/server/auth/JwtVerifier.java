package dev.tachyon.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tachyon.api.Principal;
import java.net.URI;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a JWT access token (RFC 9068, as the MCP authorization spec asks of a resource
 * server) and makes its {@link Principal}. In order, each failure its own {@link AuthFailure}:
 * <ol>
 *   <li>a signed JWT (not {@code alg: none}, not encrypted), {@code alg} on the allow-list
 *       (checked before any key is looked at: an HMAC token signed with the issuer's public key
 *       never reaches a verifier), {@code typ} absent, {@code JWT} or {@code at+jwt};</li>
 *   <li>{@code iss} one of the configured issuers; the key named by {@code kid} (and fitting
 *       {@code alg}) from that issuer's JWKS only ({@code jku}, {@code x5u}, {@code jwk} in
 *       the header are ignored); the signature;</li>
 *   <li>{@code exp} present and not passed, {@code nbf} not ahead (both with the clock skew),
 *       {@code aud} containing the resource, {@code sub} present.</li>
 * </ol>
 * Blocking (a key lookup may fetch): runs on the verification threads only.
 */
final class JwtVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType ACCESS_TOKEN_MEDIA = new JOSEObjectType("application/at+jwt");

    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    private final Map<String, IssuerKeys> issuers = new HashMap<>();
    private final String resource;
    private final long skewSeconds;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    JwtVerifier(AuthSettings settings, ExecutorService refresher) {
        for (String alg : settings.algorithms()) {
            algorithms.add(JWSAlgorithm.parse(alg));
        }
        int timeout = (int) settings.fetchTimeout().toMillis();
        // Connect and read timeouts, and a size bound: an issuer cannot stall or flood a verification thread.
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(timeout, timeout, 512 * 1024);
        for (URI issuer : settings.authorizationServers()) {
            issuers.put(issuer.toString(), new IssuerKeys(issuer, settings, retriever, refresher));
        }
        this.resource = settings.resource().toString();
        this.skewSeconds = settings.clockSkew().toSeconds();
    }

    /** Whether {@code token} looks like a JWT (three or five base64url parts), as opposed to an opaque token. */
    static boolean looksLikeJwt(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 2 || dots == 4;
    }

    /** The outcome for {@code token}, and (when accepted) its expiry in {@code expiresAt[0]} (epoch seconds). */
    AuthOutcome verify(String token, long nowSecond, long[] expiresAt) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the access token is not a well-formed JWT");
        }
        if (parsed instanceof PlainJWT) {
            return AuthOutcome.refused(AuthFailure.ALGORITHM, "unsigned tokens (alg none) are not accepted");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            return AuthOutcome.refused(AuthFailure.INVALID, "encrypted tokens are not accepted");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return AuthOutcome.refused(AuthFailure.ALGORITHM, "tokens signed with " + header.getAlgorithm()
                    + " are not accepted");
        }
        JOSEObjectType typ = header.getType();
        if (typ != null && !typ.equals(JOSEObjectType.JWT) && !typ.getType().equalsIgnoreCase(ACCESS_TOKEN.getType())
                && !typ.getType().equalsIgnoreCase(ACCESS_TOKEN_MEDIA.getType())) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the token's typ is not JWT or at+jwt");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the token's claims are not a JSON object");
        }
        IssuerKeys keys = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
        if (keys == null) {
            return AuthOutcome.refused(AuthFailure.ISSUER, "the token's issuer is not accepted here");
        }
        AuthOutcome signature = checkSignature(jwt, keys);
        if (signature != null) {
            return signature;
        }
        return checkClaims(claims, nowSecond, expiresAt);
    }

    /** Null when a key of the issuer verifies the signature, else the refusal. */
    private AuthOutcome checkSignature(SignedJWT jwt, IssuerKeys keys) {
        JWSHeader header = jwt.getHeader();
        List<JWK> candidates;
        try {
            candidates = keys.keys(new JWKSelector(JWKMatcher.forJWSHeader(header)));
        } catch (RateLimitReachedException e) {
            // The kid is unknown and the JWKS was fetched again too recently: a flood of made-up
            // kids costs the issuer one fetch per interval, and each such token is simply refused.
            return AuthOutcome.refused(AuthFailure.UNKNOWN_KEY, "no key of the issuer matches the token's kid and alg");
        } catch (KeySourceException e) {
            LOG.debug("keys of {} unavailable: {}", keys.issuer(), e.getMessage());
            return AuthOutcome.refused(AuthFailure.KEYS_UNAVAILABLE, "the issuer's keys cannot be fetched now");
        }
        if (candidates.isEmpty()) {
            return AuthOutcome.refused(AuthFailure.UNKNOWN_KEY, "no key of the issuer matches the token's kid and alg");
        }
        for (JWK key : candidates) {
            if (!(key instanceof AsymmetricJWK asymmetric)) {
                continue; // a symmetric key in a JWKS is never used: the allow-list has no HMAC anyway
            }
            try {
                if (jwt.verify(verifiers.createJWSVerifier(header, asymmetric.toPublicKey()))) {
                    return null;
                }
            } catch (JOSEException e) {
                // this key does not fit (type, size); try the next one
            }
        }
        return AuthOutcome.refused(AuthFailure.SIGNATURE, "the token's signature does not verify");
    }

    private AuthOutcome checkClaims(JWTClaimsSet claims, long nowSecond, long[] expiresAt) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the token has no exp");
        }
        long expSecond = exp.getTime() / 1000;
        if (nowSecond > expSecond + skewSeconds) {
            return AuthOutcome.refused(AuthFailure.EXPIRED, "the token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() / 1000 > nowSecond + skewSeconds) {
            return AuthOutcome.refused(AuthFailure.NOT_YET_VALID, "the token is not valid yet (nbf)");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(resource)) {
            return AuthOutcome.refused(AuthFailure.AUDIENCE, "the token is not for this resource (aud)");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            return AuthOutcome.refused(AuthFailure.INVALID, "the token has no sub");
        }
        expiresAt[0] = expSecond;
        return AuthOutcome.accepted(Principal.ofToken(subject, clientId(claims), scopes(claims), claims.toJSONObject()));
    }

    private static String clientId(JWTClaimsSet claims) {
        Object id = claims.getClaim("client_id");
        if (!(id instanceof String)) {
            id = claims.getClaim("azp");
        }
        return id instanceof String ? (String) id : null;
    }

    /** {@code scope} (space-delimited, RFC 9068) or {@code scp} (an array, or a string, as some servers send). */
    static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        addScopes(claims.getClaim("scope"), scopes);
        addScopes(claims.getClaim("scp"), scopes);
        return scopes;
    }

    private static void addScopes(Object value, Set<String> into) {
        if (value instanceof String s) {
            for (String scope : s.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    into.add(scope);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object scope : list) {
                if (scope instanceof String s && !s.isEmpty()) {
                    into.add(s);
                }
            }
        }
    }
}
