package dev.tachyon.server.testing;

import java.net.InetAddress;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * A real OAuth 2.1 authorization server on loopback for tests that run real clients against a
 * Tachyon with {@code tachyon.auth} on: {@code mock-oauth2-server}, serving its metadata and JWKS
 * over {@code http://127.0.0.1} (loopback, so Tachyon accepts an http issuer) and issuing RS256
 * access tokens it signs with a key made at start (never stored).
 */
public final class MockIssuer implements AutoCloseable {

    /** The {@code client_id} claim of every token issued here. */
    public static final String CLIENT_ID = "sdk-client";
    private static final String ISSUER_ID = "tachyon-it";

    private final MockOAuth2Server server = new MockOAuth2Server();

    private MockIssuer() {
    }

    /** Starts the issuer on a free loopback port. */
    public static MockIssuer start() {
        MockIssuer issuer = new MockIssuer();
        issuer.server.start(InetAddress.getLoopbackAddress(), 0);
        return issuer;
    }

    /** The issuer URL, exactly as the tokens write {@code iss}: what {@code authorization-servers} lists. */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    /**
     * A signed access token for {@code subject}, naming {@code audience} in {@code aud}, expiring
     * {@code expirySeconds} from now (negative: already expired).
     */
    public String token(String subject, String audience, long expirySeconds) {
        return server.issueToken(ISSUER_ID, subject, audience, Map.of("client_id", CLIENT_ID), expirySeconds)
                .serialize();
    }

    /** How a handler sees the principal of {@link #token}'s {@code subject} ({@code Principal.toString()}). */
    public static String principalOf(String subject) {
        return "BEARER_TOKEN:" + subject + " (client " + CLIENT_ID + ")";
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
