package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TestPki;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official SDK clients over Streamable HTTP on {@code https://}, trusting a CA made in the
 * test (never verification turned off): the TypeScript SDK v1 client (a 2025-11-25 session) and
 * v2 client (the stateless 2026-07-28 revision) through Node's fetch with the CA in
 * {@code NODE_EXTRA_CA_CERTS} ({@code src/test/node/sdk-https.mjs}), and the Java SDK 2.1.0
 * client with an {@link SSLContext} trusting the CA on its {@code HttpClient.Builder}, running
 * the full Java interop checks. Each sends an {@code Authorization} header on every request
 * (the TypeScript transports' {@code requestInit.headers}, the Java transport's request
 * builder), which a server without {@code tachyon.auth} ignores: the same clients carry the
 * bearer token when authorization is on. Under mutual TLS the Java SDK client presents its
 * certificate and its requests are served as the certificate's subject.
 */
class SdkHttpsIT {

    /** Sent on every request to show the header path; nothing checks it while authorization is off. */
    static final String AUTHORIZATION = "Bearer not-checked-without-tachyon-auth";

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Path caFile;
    private static TachyonServer server;
    /** HTTPS with client-auth = require, serving a tool that answers with the request's principal. */
    private static TachyonServer mutual;
    private static TestPki.Leaf agent;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.ca("https-interop");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        caFile = pki.writeCa(dir.resolve("ca.pem"));
        server = ConformanceFixture.register(TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(chain, key))).build().start();
        TestPki clients = TestPki.ca("clients");
        agent = clients.leaf("sdk-agent", false);
        mutual = ConformanceFixture.register(TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(chain, key).withClientAuth(TlsSettings.ClientAuth.REQUIRE,
                        clients.writeCa(dir.resolve("clients-ca.pem"))))
                .tool(Tool.builder("whoami").description("the principal the request was served as")
                        .inline((call, out) -> out.text(call.principal().toString())).build()))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
        mutual.close();
    }

    @Test
    void theJavaSdkClientPresentsItsCertificateAndIsServedAsItsSubject() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("https://127.0.0.1:" + mutual.httpAddress().getPort())
                .endpoint("/mcp")
                .customizeClient(client -> client.sslContext(agent.clientContext(pki.caCertificate())))
                .build();
        try (McpSyncClient client = JavaSdkStdioIT.InteropChecks.client(transport)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of(), null));
            assertEquals("CLIENT_CERTIFICATE:CN=sdk-agent", ((McpSchema.TextContent) result.content().get(0)).text());
        }
    }

    private static String url() {
        return "https://127.0.0.1:" + server.httpAddress().getPort() + "/mcp";
    }

    @Test
    void theTypeScriptSdkClientsWorkOverHttps() throws Exception {
        for (String sdk : new String[] {"v1", "v2"}) {
            NodeTools.Outcome outcome = NodeTools.runNode("sdk-https-" + sdk, Duration.ofSeconds(90),
                    Map.of("NODE_EXTRA_CA_CERTS", caFile.toString()),
                    "sdk-https.mjs", sdk, url(), "Authorization: " + AUTHORIZATION);
            assertEquals(0, outcome.exitCode(), () -> "sdk-https.mjs " + sdk + " failed:\n" + outcome.tail(8000));
        }
    }

    @Test
    void theTypeScriptSdkClientRefusesAServerItDoesNotTrust() throws Exception {
        NodeTools.Outcome outcome = NodeTools.runNode("sdk-https-untrusted", Duration.ofSeconds(90),
                "sdk-https.mjs", "v1", url());
        assertEquals(1, outcome.exitCode(), () -> "expected a failed connection:\n" + outcome.tail(8000));
        assertTrue(outcome.output().toLowerCase(java.util.Locale.ROOT).contains("certificate"),
                () -> "the failure names the certificate:\n" + outcome.tail(8000));
    }

    @Test
    void theJavaSdkClientWorksOverHttps() {
        SSLContext trusting = TestPki.clientContextTrusting(pki.caCertificate());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("https://127.0.0.1:" + server.httpAddress().getPort())
                .endpoint("/mcp")
                .customizeClient(client -> client.sslContext(trusting))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", AUTHORIZATION))
                .build();
        try (McpSyncClient client = JavaSdkStdioIT.InteropChecks.client(transport)) {
            JavaSdkStdioIT.InteropChecks.exercise(client);
        }
    }
}
