package dev.tachyon.server.connection;

import static dev.tachyon.server.testing.StatelessMeta.ALL_CAPABILITIES;
import static dev.tachyon.server.testing.StatelessMeta.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.stdio.StdioTransport;
import dev.tachyon.server.testing.HttpTestClient;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.McpTestClient;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestPki;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client certificate is the principal: under mutual TLS ({@code client-auth = require}) a
 * handler sees {@code Principal.ofCertificate(subject)} over TCP (stateful and stateless
 * requests) and over HTTPS (a 2025-11-25 session and stateless requests); over plaintext TCP and
 * stdio it sees the anonymous principal. The {@code requestState} of an input-required result is
 * bound to the principal it was issued to: another certificate, or an anonymous client, presenting
 * it gets the error tampered state gets. An HTTPS session is not found over another certificate's
 * connection. The admin listener refuses a client without a
 * certificate (curl both ways).
 */
class CertificatePrincipalTest {

    private static final byte[] KEY = "shared-request-state-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final String WHOAMI = "{\"name\":\"whoami\",\"arguments\":{}}";
    private static final String STATE_CALL = "\"name\":\"test_input_required_result_request_state\",\"arguments\":{}";
    private static final String ANSWER = ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";

    @TempDir
    static Path dir;
    private static TestPki serverPki;
    private static TestPki.Leaf alice;
    private static TestPki.Leaf bob;
    private static Path serverCa;
    private static Path aliceCert;
    private static Path aliceKey;
    /** TCP, HTTP and admin, all under mutual TLS with client-auth = require. */
    private static TachyonServer mutual;
    /** Plaintext TCP, same requestState key. */
    private static TachyonServer plain;

    @BeforeAll
    static void start() throws Exception {
        serverPki = TestPki.ca("server");
        TestPki clientPki = TestPki.ca("clients");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        serverPki.leaf("server", true).write(chain, key, 0);
        serverCa = serverPki.writeCa(dir.resolve("server-ca.pem"));
        alice = clientPki.leaf("agent-a", false);
        bob = clientPki.leaf("agent-b", false);
        aliceCert = dir.resolve("alice.pem");
        aliceKey = dir.resolve("alice-key.pem");
        alice.write(aliceCert, aliceKey, 0);
        TlsSettings tls = TlsSettings.of(chain, key)
                .withClientAuth(TlsSettings.ClientAuth.REQUIRE, clientPki.writeCa(dir.resolve("client-ca.pem")));
        mutual = tools(TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .admin("127.0.0.1", 0).tls(tls)).build().start();
        plain = tools(TachyonServer.builder().tcp("127.0.0.1", 0)).build().start();
    }

    @AfterAll
    static void stop() {
        mutual.close();
        plain.close();
    }

    private static TachyonServer.Builder tools(TachyonServer.Builder builder) {
        return ConformanceFixture.register(builder.ioThreads(1).drainMillis(500)
                .settings(EngineSettings.builder().requestStateKeys(KEY, null).build())
                .tool(Tool.builder("whoami").description("the principal the request was served as")
                        .inline((call, out) -> out.text(call.principal().toString()))
                        .build()));
    }

    @Test
    void overTcpAHandlerSeesTheCertificatesSubject() throws Exception {
        try (NdjsonClient stateless = tcp(alice)) {
            assertEquals("CLIENT_CERTIFICATE:CN=agent-a", text(stateless.result("tools/call", params("\"name\":\"whoami\""))));
        }
        try (NdjsonClient session = tcp(bob)) {
            session.initialize("{}");
            assertEquals("CLIENT_CERTIFICATE:CN=agent-b", text(session.result("tools/call", WHOAMI)));
        }
    }

    @Test
    void overHttpsAHandlerSeesTheCertificatesSubject() {
        URI uri = URI.create("https://127.0.0.1:" + mutual.httpAddress().getPort() + "/mcp");
        SSLContext context = alice.clientContext(serverPki.caCertificate());
        McpTestClient session = HttpTestClient.session(uri, "{}", context);
        assertEquals("CLIENT_CERTIFICATE:CN=agent-a", text(session.result("tools/call", WHOAMI)));
        McpTestClient stateless = HttpTestClient.stateless(uri, "{}", context);
        assertEquals("CLIENT_CERTIFICATE:CN=agent-a", text(stateless.result("tools/call", WHOAMI)));
    }

    @Test
    void anHttpsSessionIsNotFoundOverAnotherCertificatesConnection() throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + mutual.httpAddress().getPort() + "/mcp");
        HttpTestClient owner = HttpTestClient.session(uri, "{}", alice.clientContext(serverPki.caCertificate()));
        McpHttpClient other = new McpHttpClient(uri, bob.clientContext(serverPki.caCertificate()));
        HttpResponse<String> post = other.send(other.post(owner.sessionId(), McpHttpClient.call(2, "whoami", "{}")));
        assertEquals(404, post.statusCode(), post.body());
        assertEquals(404, other.send(other.get(owner.sessionId(), null)).statusCode());
        assertEquals(404, other.send(other.delete(owner.sessionId())).statusCode());
        // Untouched: the owner goes on, over a new connection too.
        assertEquals("CLIENT_CERTIFICATE:CN=agent-a", text(owner.result("tools/call", WHOAMI)));
        McpHttpClient again = new McpHttpClient(uri, alice.clientContext(serverPki.caCertificate()));
        assertEquals(200, again.send(again.delete(owner.sessionId())).statusCode());
    }

    @Test
    void overPlaintextTcpAndStdioTheClientIsAnonymous() throws Exception {
        try (NdjsonClient client = NdjsonClient.connect(plain.tcpAddress())) {
            client.initialize("{}");
            assertEquals("anonymous", text(client.result("tools/call", WHOAMI)));
        }
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        StdioTransport stdio = StdioTransport.start(ServerInternals.engine(plain), serverIn, serverOut, 1 << 20);
        try (NdjsonClient client = NdjsonClient.over(fromServer, toServer, toServer)) {
            client.initialize("{}");
            assertEquals("anonymous", text(client.result("tools/call", WHOAMI)));
        }
        assertTrue(stdio.awaitEnd(10, TimeUnit.SECONDS), "the stdio session ends with its input");
        serverOut.close();
    }

    @Test
    void requestStateIsBoundToTheCertificateItWasIssuedTo() throws Exception {
        String state;
        try (NdjsonClient client = tcp(alice)) {
            state = state(client);
        }
        String tampered = tamperedError(alice);
        try (NdjsonClient other = tcp(bob)) {
            Map<String, Object> refused = retry(other, state);
            assertEquals(-32602L, refused.get("code"));
            assertEquals(tampered, refused.get("message"), "another principal's state fails as tampered state does");
        }
        try (NdjsonClient anonymous = NdjsonClient.connect(plain.tcpAddress())) {
            assertEquals(tampered, retry(anonymous, state).get("message"));
        }
        try (NdjsonClient same = tcp(alice)) { // a new connection of the same principal
            assertTrue(text(same.result("tools/call", params(STATE_CALL + ANSWER + ",\"requestState\":\"" + state + "\"",
                    ALL_CAPABILITIES))).startsWith("state-ok"));
        }
    }

    @Test
    void anAnonymousClientsRequestStateOpensForAnonymousClientsOnly() throws Exception {
        String state;
        try (NdjsonClient client = NdjsonClient.connect(plain.tcpAddress())) {
            state = state(client);
        }
        try (NdjsonClient certified = tcp(alice)) {
            assertEquals(tamperedError(alice), retry(certified, state).get("message"));
        }
        try (NdjsonClient other = NdjsonClient.connect(plain.tcpAddress())) {
            assertTrue(text(other.result("tools/call", params(STATE_CALL + ANSWER + ",\"requestState\":\"" + state + "\"",
                    ALL_CAPABILITIES))).startsWith("state-ok"));
        }
    }

    @Test
    void theAdminListenerRefusesAClientWithoutACertificate() throws Exception {
        String health = "https://127.0.0.1:" + mutual.adminAddress().getPort() + "/health";
        TlsTest.Run with = TlsTest.Run.of(List.of("curl", "-sS", "--cacert", serverCa.toString(), "--cert",
                aliceCert.toString(), "--key", aliceKey.toString(), "-o", "/dev/null", "-w", "%{http_code}", health), "");
        assertEquals("200", with.out.trim(), with.err);
        TlsTest.Run without = TlsTest.Run.of(List.of("curl", "-sS", "--cacert", serverCa.toString(), "-o", "/dev/null",
                "-w", "%{http_code}", health), "");
        assertEquals("000", without.out.trim(), "no answer without a client certificate: " + without.err);
        assertTrue(without.err.toLowerCase(java.util.Locale.ROOT).contains("alert")
                || without.err.toLowerCase(java.util.Locale.ROOT).contains("certificate"), without.err);
    }

    /** The error a state gets when one byte of it was changed, presented by {@code who}. */
    private static String tamperedError(TestPki.Leaf who) throws IOException {
        try (NdjsonClient client = tcp(who)) {
            String state = state(client);
            String flipped = state.substring(0, 5) + (state.charAt(5) == 'A' ? 'B' : 'A') + state.substring(6);
            Map<String, Object> error = retry(client, flipped);
            assertEquals(-32602L, error.get("code"));
            return (String) error.get("message");
        }
    }

    private static String state(NdjsonClient client) {
        String state = (String) client.result("tools/call", params(STATE_CALL, ALL_CAPABILITIES)).get("requestState");
        assertTrue(state != null && !state.isEmpty(), "the tool hands out state");
        return state;
    }

    private static Map<String, Object> retry(NdjsonClient client, String state) {
        return client.error("tools/call", params(STATE_CALL + ANSWER + ",\"requestState\":\"" + state + "\"",
                ALL_CAPABILITIES));
    }

    /** An NDJSON client over TLS to the mutual-TLS server, presenting {@code who}'s certificate. */
    private static NdjsonClient tcp(TestPki.Leaf who) throws IOException {
        SSLSocket socket = TlsTest.tlsSocket(mutual.tcpAddress(), who.clientContext(serverPki.caCertificate()));
        socket.setSoTimeout(0); // the client's reader waits for as long as the client lives
        return NdjsonClient.over(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    @SuppressWarnings("unchecked")
    private static String text(Map<String, Object> result) {
        return (String) ((Map<String, Object>) ((List<Object>) result.get("content")).get(0)).get("text");
    }
}
