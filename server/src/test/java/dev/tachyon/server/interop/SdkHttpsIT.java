package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.MockIssuer;
import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TestPki;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * {@code NODE_EXTRA_CA_CERTS} ({@code src/test/node/sdk-https.mjs}), and the Java SDK 2.2.0
 * clients (2025-11-25 and 2026-07-28) with an {@link SSLContext} trusting the CA on their
 * {@code HttpClient.Builder}, running the full Java interop checks.
 *
 * <p>That server has OAuth on ({@code tachyon.auth}): each client sends a real access token from
 * a real authorization server ({@link MockIssuer}) in an {@code Authorization} header on every
 * request (the TypeScript transports' {@code requestInit.headers}, the Java transports' request
 * builder and request customizer), and the tool {@code whoami} answers with the token's subject. Without a token, with
 * an expired one or one for another audience, each client's connect fails with the 401 as its
 * SDK reports it. Under mutual TLS (auth off) the Java SDK client presents its certificate and
 * its requests are served as the certificate's subject.
 */
class SdkHttpsIT {

    /** The canonical URI of the endpoint, which tokens name in {@code aud} (as behind a balancer). */
    static final String RESOURCE = "https://mcp.example.test/mcp";
    static final String METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
    /** Answers with the principal the request was served as ({@code Principal.toString()}). */
    static final Tool WHOAMI = Tool.builder("whoami").description("the principal the request was served as")
            .inline((call, out) -> out.text(call.principal().toString())).build();

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Path caFile;
    private static MockIssuer issuer;
    /** HTTPS with OAuth on, serving the conformance fixture and {@link #WHOAMI}. */
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
        issuer = MockIssuer.start();
        server = ConformanceFixture.register(TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(chain, key))
                .auth(AuthSettings.builder(RESOURCE).authorizationServers(List.of(issuer.issuer())).build())
                .tool(WHOAMI)).build().start();
        TestPki clients = TestPki.ca("clients");
        agent = clients.leaf("sdk-agent", false);
        mutual = ConformanceFixture.register(TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(chain, key).withClientAuth(TlsSettings.ClientAuth.REQUIRE,
                        clients.writeCa(dir.resolve("clients-ca.pem"))))
                .tool(WHOAMI))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
        mutual.close();
        issuer.close();
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

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void theTypeScriptSdkClientsWorkOverHttpsWithABearerToken() throws Exception {
        for (String sdk : new String[] {"v1", "v2"}) {
            NodeTools.Outcome outcome = node("sdk-https-" + sdk, sdk, "--whoami=" + MockIssuer.principalOf("ts-" + sdk),
                    "Authorization: " + bearer(issuer.token("ts-" + sdk, RESOURCE, 600)));
            assertEquals(0, outcome.exitCode(), () -> "sdk-https.mjs " + sdk + " failed:\n" + outcome.tail(8000));
        }
    }

    /** Without a token, with an expired one or one for another audience: the SDK reports 401 and the reason. */
    @Test
    void theTypeScriptSdkClientsReport401WithoutAValidToken() throws Exception {
        Map<String, String[]> cases = Map.of(
                "missing", new String[0],
                "expired", new String[] {"Authorization: " + bearer(issuer.token("ts", RESOURCE, -600))},
                "audience", new String[] {"Authorization: " + bearer(issuer.token("ts", "https://other.example.test/mcp", 600))});
        for (String sdk : new String[] {"v1", "v2"}) {
            for (Map.Entry<String, String[]> refusal : cases.entrySet()) {
                String[] rest = new String[1 + refusal.getValue().length];
                rest[0] = "--expect-status=401";
                System.arraycopy(refusal.getValue(), 0, rest, 1, refusal.getValue().length);
                NodeTools.Outcome outcome = node("sdk-https-401-" + sdk + "-" + refusal.getKey(), sdk, rest);
                assertEquals(0, outcome.exitCode(), () -> sdk + " " + refusal.getKey() + ":\n" + outcome.tail(8000));
                // The server's answer the SDK carries names the reason.
                assertTrue(outcome.output().contains("\\\"reason\\\":\\\"" + refusal.getKey() + "\\\""),
                        () -> sdk + " " + refusal.getKey() + ":\n" + outcome.tail(8000));
            }
        }
    }

    /** Runs {@code sdk-https.mjs SDK URL rest...} trusting the test CA. */
    private static NodeTools.Outcome node(String log, String sdk, String... rest) throws Exception {
        String[] args = new String[3 + rest.length];
        args[0] = "sdk-https.mjs";
        args[1] = sdk;
        args[2] = url();
        System.arraycopy(rest, 0, args, 3, rest.length);
        return NodeTools.runNode(log, Duration.ofSeconds(90), Map.of("NODE_EXTRA_CA_CERTS", caFile.toString()), args);
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
    void theJavaSdkClientWorksOverHttpsWithABearerToken() {
        try (McpSyncClient client = JavaSdkStdioIT.InteropChecks.client(javaTransport(issuer.token("java", RESOURCE, 600)))) {
            JavaSdkStdioIT.InteropChecks.exercise(client);
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of(), null));
            assertEquals(MockIssuer.principalOf("java"), ((McpSchema.TextContent) result.content().get(0)).text());
        }
    }

    @Test
    void theJavaSdk2026ClientWorksOverHttpsWithABearerToken() {
        io.modelcontextprotocol.modern.client.McpSyncClient client = JavaSdkStatelessChecks.exercise(
                modernTransport(issuer.token("java-2026", RESOURCE, 600)));
        io.modelcontextprotocol.modern.McpSchema.CallToolResult result = client.tool("whoami").call();
        assertEquals(MockIssuer.principalOf("java-2026"),
                ((io.modelcontextprotocol.modern.McpSchema.TextContent) result.content().get(0)).text());
    }

    /** The 2026-07-28 client has no connect step: its first request fails with the 401 and the challenge. */
    @Test
    void theJavaSdk2026ClientReports401WithoutAValidToken() {
        for (String token : new String[] {null, issuer.token("java-2026", RESOURCE, -600)}) {
            io.modelcontextprotocol.modern.client.McpSyncClient client =
                    io.modelcontextprotocol.modern.client.McpClient.sync(modernTransport(token)).build();
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> client.tools().list());
            McpHttpStatusException refusal = causeOfType(thrown, McpHttpStatusException.class);
            assertEquals(401, refusal.statusCode());
            assertTrue(refusal.headers().firstValue("WWW-Authenticate").orElse("")
                    .contains("resource_metadata=\"" + METADATA_URL + "\""), refusal.headers().toString());
        }
    }

    /** The Java SDK 2026-07-28 transport to {@link #server}, trusting the test CA, sending {@code token} when not null. */
    private static HttpClientMcpTransport modernTransport(String token) {
        SSLContext trusting = TestPki.clientContextTrusting(pki.caCertificate());
        return HttpClientMcpTransport.builder(url())
                .customizeClient(client -> client.sslContext(trusting))
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) -> {
                    if (token != null) {
                        headers.set("Authorization", bearer(token));
                    }
                }))
                .build();
    }

    /** The Java SDK throws its authorization exception, carrying the 401 and its challenge. */
    @Test
    void theJavaSdkClientReports401WithoutAValidToken() {
        for (String token : new String[] {null, issuer.token("java", RESOURCE, -600),
                issuer.token("java", "https://other.example.test/mcp", 600)}) {
            try (McpSyncClient client = JavaSdkStdioIT.InteropChecks.client(javaTransport(token))) {
                RuntimeException thrown = assertThrows(RuntimeException.class, client::initialize);
                McpHttpClientTransportAuthorizationException refusal = authorizationFailure(thrown);
                assertEquals(401, refusal.getResponseInfo().statusCode());
                String challenge = refusal.getResponseInfo().headers().firstValue("WWW-Authenticate").orElse("");
                assertTrue(challenge.startsWith(token == null ? "Bearer resource_metadata=" : "Bearer error=\"invalid_token\""),
                        challenge);
                assertTrue(challenge.contains("resource_metadata=\"" + METADATA_URL + "\""), challenge);
            }
        }
    }

    private static McpHttpClientTransportAuthorizationException authorizationFailure(Throwable thrown) {
        return causeOfType(thrown, McpHttpClientTransportAuthorizationException.class);
    }

    private static <T extends Throwable> T causeOfType(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes", thrown);
    }

    /** The Java SDK transport to {@link #server}, trusting the test CA, sending {@code token} when not null. */
    private static HttpClientStreamableHttpTransport javaTransport(String token) {
        SSLContext trusting = TestPki.clientContextTrusting(pki.caCertificate());
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (token != null) {
            requests.header("Authorization", bearer(token));
        }
        return HttpClientStreamableHttpTransport
                .builder("https://127.0.0.1:" + server.httpAddress().getPort())
                .endpoint("/mcp")
                .customizeClient(client -> client.sslContext(trusting))
                .requestBuilder(requests)
                .build();
    }
}
