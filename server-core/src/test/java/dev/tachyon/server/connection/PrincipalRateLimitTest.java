package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tachyon.api.Tool;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.config.RateLimitsConfig;
import dev.tachyon.server.ratelimit.RateLimit;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits count an authenticated client by its principal, not its address: two client
 * certificates on one loopback address have a tool-call bucket each, so the one that spends its
 * burst is refused ({@code -32007}) while the other, from the same address, is still served; and
 * the refused one is refused on a new connection too (the bucket is the principal's, not the
 * connection's).
 */
class PrincipalRateLimitTest {

    private static final String CALL = "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}";
    private static final int BURST = 3;

    @TempDir
    static Path dir;
    private static TestPki serverPki;
    private static TestPki.Leaf alice;
    private static TestPki.Leaf bob;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        serverPki = TestPki.ca("server");
        TestPki clientPki = TestPki.ca("clients");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        serverPki.leaf("server", true).write(chain, key, 0);
        alice = clientPki.leaf("agent-a", false);
        bob = clientPki.leaf("agent-b", false);
        TlsSettings tls = TlsSettings.of(chain, key)
                .withClientAuth(TlsSettings.ClientAuth.REQUIRE, clientPki.writeCa(dir.resolve("client-ca.pem")));
        // One token a thousand seconds: nothing refills while the test runs.
        RateLimitsConfig limits = new RateLimitsConfig(new RateLimit(0.001, BURST), Map.of(), RateLimit.OFF,
                RateLimit.OFF, 1000);
        server = TachyonServer.builder().tcp("127.0.0.1", 0).tls(tls).rateLimits(limits)
                .tool(Tool.builder("echo").description("echoes").inline((call, out) -> out.text("ok")).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eachCertificateHasItsOwnBucketThoughBothShareAnAddress() throws Exception {
        try (NdjsonClient a = tcp(alice); NdjsonClient b = tcp(bob)) {
            a.initialize("{}");
            b.initialize("{}");
            for (int i = 0; i < BURST; i++) {
                assertNull(a.request("tools/call", CALL).get("error"), "within alice's burst");
            }
            Map<String, Object> refused = error(a.request("tools/call", CALL));
            assertEquals(ErrorCodes.RATE_LIMITED, ((Number) refused.get("code")).intValue(), refused::toString);
            for (int i = 0; i < BURST; i++) {
                assertNull(b.request("tools/call", CALL).get("error"), "bob, same address, has a bucket of his own");
            }
        }
        try (NdjsonClient again = tcp(alice)) {
            again.initialize("{}");
            assertNotNull(again.request("tools/call", CALL).get("error"), "alice's bucket outlives her connection");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> response) {
        Object error = response.get("error");
        assertNotNull(error, () -> "expected a refusal, got " + response);
        return (Map<String, Object>) error;
    }

    private static NdjsonClient tcp(TestPki.Leaf who) throws IOException {
        SSLSocket socket = TlsTest.tlsSocket(server.tcpAddress(), who.clientContext(serverPki.caCertificate()));
        socket.setSoTimeout(0);
        return NdjsonClient.over(socket.getInputStream(), socket.getOutputStream(), socket);
    }
}
