package dev.tachyon.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tachyon.api.Principal;
import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessMeta;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamable HTTP as an OAuth 2.1 resource server, end to end on loopback: real signed tokens from
 * a real authorization server (mock-oauth2-server, whose metadata and JWKS the server fetches over
 * http), hand-crafted hostile tokens (built here with nimbus), and an issuer of our own
 * ({@link TestIssuer}) that rotates its key. Each refusal is checked as a client sees it: status,
 * {@code WWW-Authenticate}, and the refusal counted in {@code tachyon_auth_refusals_total}.
 */
class HttpAuthTest {

    /** The canonical URI of the endpoint as clients know it (behind a TLS-terminating balancer). */
    static final String RESOURCE = "https://mcp.example.test/mcp";
    static final String METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";

    private static MockOAuth2Server oauth;
    private static TestIssuer own;
    private static TachyonServer server;
    private static McpHttpClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String base;
    /** The host's registry: Tachyon's meters land there, and the test reads them there. */
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        own = new TestIssuer();
        AuthSettings auth = AuthSettings.builder(RESOURCE)
                .authorizationServers(List.of(oauth.issuerUrl("issuer1").toString(), own.issuer()))
                .scopesSupported(List.of("mcp:read", "mcp:admin"))
                .requiredScopes(List.of("mcp:read"))
                .toolScopes(Map.of("admin", List.of("mcp:admin")))
                // Short, so that the rotation test need not wait for the rate limit of the unknown-kid test.
                .jwksMinRefreshInterval(Duration.ofMillis(200))
                .introspection(own.issuer() + "/introspect", TestIssuer.INTROSPECTION_CLIENT,
                        TestIssuer.INTROSPECTION_SECRET)
                .build();
        server = TachyonServer.builder()
                .http("127.0.0.1", 0)
                .admin("127.0.0.1", 0)
                .meterRegistry(METERS)
                .auth(auth)
                .ioThreads(2)
                .drainMillis(500)
                .tool(Tool.builder("whoami").description("Names the caller")
                        .inline((call, result) -> {
                            Principal p = call.principal();
                            result.text(p.subject() + "|" + p.clientId() + "|" + new TreeSet<>(p.scopes()));
                        })
                        .build())
                .tool(Tool.builder("admin").description("Needs mcp:admin")
                        .inline((call, result) -> result.text("admin done"))
                        .build())
                .build()
                .start();
        base = "http://127.0.0.1:" + server.httpAddress().getPort();
        client = new McpHttpClient(URI.create(base + "/mcp"));
    }

    @AfterAll
    static void stop() {
        server.close();
        own.close();
        oauth.shutdown();
    }

    static String mockToken(String subject, String audience, String scope, long expirySeconds) {
        return oauth.issueToken("issuer1", subject, audience, Map.of("scope", scope, "client_id", "mock-client"),
                expirySeconds).serialize();
    }

    static String good(String subject) {
        return mockToken(subject, RESOURCE, "mcp:read mcp:admin", 3600);
    }

    /** A stateless (2026-07-28) tools/call of {@code tool} with {@code token} (none when null). */
    static HttpResponse<String> call(String tool, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(client.uri()).timeout(Duration.ofSeconds(10))
                .header("Accept", McpHttpClient.ACCEPT_BOTH).header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", StatelessMeta.VERSION).header("Mcp-Method", "tools/call")
                .header("Mcp-Name", tool)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                        + "\"params\":" + StatelessMeta.params("\"name\":\"" + tool + "\",\"arguments\":{}") + "}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String challenge(HttpResponse<?> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }

    static void assertRefused(HttpResponse<String> r, String reason) {
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(challenge(r).startsWith("Bearer error=\"invalid_token\", error_description=\""), challenge(r));
        assertTrue(challenge(r).endsWith("resource_metadata=\"" + METADATA_URL + "\", scope=\"mcp:read\""),
                challenge(r));
        assertTrue(r.body().contains("\"reason\":\"" + reason + "\""), r.body());
        assertTrue(!r.body().contains("eyJ"), "a refusal never repeats the token");
    }

    @Test
    void aValidTokenReachesTheHandlerAsItsPrincipal() throws Exception {
        HttpResponse<String> r = call("whoami", good("alice"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("alice|mock-client|[mcp:admin, mcp:read]"), r.body());
        // Again: now from the cache, same answer.
        assertEquals(200, call("whoami", good("alice")).statusCode());
    }

    @Test
    void noTokenIs401PointingAtTheMetadata() throws Exception {
        HttpResponse<String> r = call("whoami", null);
        assertEquals(401, r.statusCode());
        assertEquals("Bearer resource_metadata=\"" + METADATA_URL + "\", scope=\"mcp:read\"", challenge(r));
        assertTrue(r.body().contains("\"reason\":\"missing\""), r.body());
        // A browser client may read the challenge (CORS exposes it).
        HttpResponse<String> browser = HTTP.send(HttpRequest.newBuilder(client.uri()).header("Origin", "http://localhost:6274")
                .header("Accept", McpHttpClient.ACCEPT_BOTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, browser.statusCode());
        assertTrue(String.join(",", browser.headers().allValues("Access-Control-Expose-Headers"))
                .toLowerCase(java.util.Locale.ROOT).contains("www-authenticate"), browser.headers().toString());
        // A GET too: every MCP request.
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(client.uri()).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", "x").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, get.statusCode());
    }

    @Test
    void theMetadataIsServedWithoutAToken() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path);
            Map<String, Object> doc = McpHttpClient.json(r.body());
            assertEquals(RESOURCE, doc.get("resource"));
            assertEquals(List.of(oauth.issuerUrl("issuer1").toString(), own.issuer()), doc.get("authorization_servers"));
            assertEquals(List.of("mcp:read", "mcp:admin"), doc.get("scopes_supported"));
            assertEquals(List.of("header"), doc.get("bearer_methods_supported"));
        }
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        assertRefused(call("whoami", mockToken("alice", RESOURCE, "mcp:read", -600)), "expired");
    }

    @Test
    void tokensNotYetValidAreRefused() throws Exception {
        String token = own.token(own.key(), "bob", RESOURCE, "mcp:read",
                c -> c.notBeforeTime(new Date(System.currentTimeMillis() + 600_000)));
        assertRefused(call("whoami", token), "not-yet-valid");
    }

    @Test
    void tokensForAnotherAudienceAreRefused() throws Exception {
        assertRefused(call("whoami", mockToken("alice", "https://other.example.test/mcp", "mcp:read", 3600)),
                "audience");
    }

    @Test
    void tokensOfAnotherIssuerAreRefused() throws Exception {
        String stranger = oauth.issueToken("stranger", "alice", RESOURCE, Map.of("scope", "mcp:read"), 3600)
                .serialize();
        assertRefused(call("whoami", stranger), "issuer");
    }

    @Test
    void aKeyTheIssuerDoesNotHaveIsRefused() throws Exception {
        RSAKey unknown = TestIssuer.newKey("not-published");
        assertRefused(call("whoami", own.token(unknown, "bob", RESOURCE, "mcp:read", c -> { })), "unknown-key");
    }

    @Test
    void unsignedTokensAreRefused() throws Exception {
        long now = System.currentTimeMillis();
        String none = new PlainJWT(new JWTClaimsSet.Builder().issuer(own.issuer()).subject("mallory").audience(RESOURCE)
                .claim("scope", "mcp:read").expirationTime(new Date(now + 600_000)).build()).serialize();
        assertRefused(call("whoami", none), "algorithm");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        // The classic confusion attack: HS256 keyed with the issuer's public key, which anyone can fetch.
        byte[] publicKey = own.key().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(own.key().getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(own.issuer()).subject("mallory").audience(RESOURCE)
                        .claim("scope", "mcp:read").expirationTime(new Date(System.currentTimeMillis() + 600_000))
                        .build());
        jwt.sign(new MACSigner(publicKey));
        assertRefused(call("whoami", jwt.serialize()), "algorithm");
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String[] parts = mockToken("alice", RESOURCE, "mcp:read", 3600).split("\\.");
        String claims = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("alice", "admin");
        String tampered = parts[0] + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(call("whoami", tampered), "signature");
    }

    @Test
    void aToolsScopeIsNeededToCallIt() throws Exception {
        HttpResponse<String> r = call("admin", mockToken("carol", RESOURCE, "mcp:read", 3600));
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"mcp:read mcp:admin\", resource_metadata=\""
                + METADATA_URL + "\", error_description=\"the token lacks a scope this request needs\"", challenge(r));
        assertEquals(200, call("admin", good("carol")).statusCode());
        // Without the required scope, no request at all.
        HttpResponse<String> none = call("whoami", mockToken("carol", RESOURCE, "other", 3600));
        assertEquals(403, none.statusCode());
        assertTrue(challenge(none).contains("scope=\"mcp:read\""), challenge(none));
    }

    @Test
    void aTokenInTheQueryStringIsRefused() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/mcp?access_token=" + good("alice")))
                .header("Accept", McpHttpClient.ACCEPT_BOTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(challenge(r).startsWith("Bearer error=\"invalid_request\""), challenge(r));
    }

    @Test
    void aKeyRotatedAtTheIssuerIsPickedUp() throws Exception {
        assertEquals(200, call("whoami", own.token(own.key(), "dave", RESOURCE, "mcp:read", c -> { })).statusCode());
        int fetches = own.jwksFetches();
        RSAKey next = own.rotate("k2-" + System.nanoTime());
        Thread.sleep(300); // past the JWKS rate limit (200 ms here), which other tests may have used
        HttpResponse<String> r = call("whoami", own.token(next, "dave", RESOURCE, "mcp:read", c -> { }));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("dave|test-client"), r.body());
        assertTrue(own.jwksFetches() > fetches, "the unknown kid made the server fetch the JWKS again");
    }

    @Test
    void aSessionAnswersOnlyToThePrincipalThatOpenedIt() throws Exception {
        String alice = good("alice");
        HttpResponse<String> init = HTTP.send(client.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
                + "\"version\":\"1\"}}}").header("Authorization", "Bearer " + alice).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> mine = HTTP.send(client.post(session, McpHttpClient.call(2, "whoami", "{}"))
                .header("Authorization", "Bearer " + alice).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, mine.statusCode(), mine.body());
        assertTrue(mine.body().contains("alice|"), mine.body());
        HttpResponse<String> theirs = HTTP.send(client.post(session, McpHttpClient.call(3, "whoami", "{}"))
                .header("Authorization", "Bearer " + good("eve")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, theirs.statusCode(), "another principal's token on the session: as an unknown session");
        HttpResponse<String> delete = HTTP.send(client.delete(session).header("Authorization", "Bearer " + good("eve"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, delete.statusCode());
        assertEquals(200, HTTP.send(client.post(session, McpHttpClient.call(4, "whoami", "{}"))
                .header("Authorization", "Bearer " + alice).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void opaqueTokensAreIntrospected() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 600;
        own.introspects("opaque-good", "{\"active\":true,\"sub\":\"grace\",\"client_id\":\"svc\",\"scope\":\"mcp:read\","
                + "\"aud\":\"" + RESOURCE + "\",\"iss\":\"" + own.issuer() + "\",\"exp\":" + exp + "}");
        own.introspects("opaque-elsewhere", "{\"active\":true,\"sub\":\"grace\",\"scope\":\"mcp:read\","
                + "\"aud\":\"https://other.example.test/mcp\",\"exp\":" + exp + "}");
        own.introspects("opaque-old", "{\"active\":true,\"sub\":\"grace\",\"scope\":\"mcp:read\","
                + "\"aud\":[\"" + RESOURCE + "\"],\"exp\":" + (exp - 3600) + "}");
        HttpResponse<String> r = call("whoami", "opaque-good");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("grace|svc|[mcp:read]"), r.body());
        assertRefused(call("whoami", "opaque-revoked"), "invalid");
        assertRefused(call("whoami", "opaque-elsewhere"), "audience");
        assertRefused(call("whoami", "opaque-old"), "expired");
    }

    @Test
    void curlWithABearerTokenIsServed() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":"
                + StatelessMeta.params("\"name\":\"whoami\",\"arguments\":{}") + "}";
        Process curl = new ProcessBuilder("curl", "-sS", "-i", "-X", "POST", base + "/mcp",
                "-H", "Authorization: Bearer " + good("frank"), "-H", "Accept: " + McpHttpClient.ACCEPT_BOTH,
                "-H", "Content-Type: application/json", "-H", "MCP-Protocol-Version: " + StatelessMeta.VERSION,
                "-H", "Mcp-Method: tools/call", "-H", "Mcp-Name: whoami", "--data", body)
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        curl.getInputStream().transferTo(out);
        assertEquals(0, curl.waitFor());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 200"), text);
        assertTrue(text.contains("frank|mock-client"), text);
    }

    @Test
    void refusalsAreCountedByReason() throws Exception {
        call("whoami", mockToken("alice", RESOURCE, "mcp:read", -600));
        call("whoami", null);
        for (String reason : List.of("expired", "missing")) {
            double count = METERS.get("tachyon.auth.refusals").tag("reason", reason).functionCounter().count();
            assertTrue(count >= 1, reason + ": " + count);
        }
    }
}
