package dev.tachyon.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessMeta;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verification path under pressure: a slow issuer holds verifications, a request over
 * {@code max-verifications-in-flight} is answered 503 with Retry-After at once (nothing waits on
 * an event loop), the held one is served when its keys arrive, and a client that leaves while its
 * token is verified leaves nothing behind (the leak detector runs at PARANOID).
 */
class AuthBusyTest {

    private static TestIssuer issuer;
    private static TachyonServer server;
    private static URI uri;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = new TestIssuer();
        server = TachyonServer.builder()
                .http("127.0.0.1", 0)
                .auth(AuthSettings.builder(HttpAuthTest.RESOURCE).authorizationServers(List.of(issuer.issuer()))
                        .maxVerificationsInFlight(1).verificationThreads(1).build())
                .ioThreads(1)
                .drainMillis(500)
                .tool(Tool.builder("whoami").description("Names the caller")
                        .inline((call, result) -> result.text(call.principal().subject()))
                        .build())
                .build()
                .start();
        uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
    }

    private static HttpRequest call(String token) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", McpHttpClient.ACCEPT_BOTH).header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", StatelessMeta.VERSION).header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "whoami").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":" + StatelessMeta.params("\"name\":\"whoami\",\"arguments\":{}") + "}")).build();
    }

    @Test
    void verificationsOverTheCapAre503AndTheHeldOneIsServed() throws Exception {
        issuer.jwksDelayMillis = 1500;
        try {
            String first = issuer.token(issuer.key(), "held", HttpAuthTest.RESOURCE, "", c -> { });
            CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(call(first), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the first verification is now waiting for the slow JWKS
            long start = System.nanoTime();
            HttpResponse<String> busy = HTTP.send(call(issuer.token(issuer.key(), "other", HttpAuthTest.RESOURCE, "",
                    c -> { })), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, busy.statusCode(), busy.body());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
            assertTrue(busy.body().contains("\"reason\":\"busy\""), busy.body());
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused at once, not after the held one");
            HttpResponse<String> served = held.get();
            assertEquals(200, served.statusCode(), served.body());
            assertTrue(served.body().contains("held"), served.body());
        } finally {
            issuer.jwksDelayMillis = 0;
        }
    }

    @Test
    void aClientThatLeavesDuringItsVerificationLeavesNothingBehind() throws Exception {
        issuer.jwksDelayMillis = 500;
        try {
            String token = issuer.token(TestIssuer.newKey("gone"), "gone", HttpAuthTest.RESOURCE, "", c -> { });
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                    + StatelessMeta.params("\"name\":\"whoami\",\"arguments\":{}") + "}";
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + McpHttpClient.ACCEPT_BOTH
                        + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } // closed before the keys arrive
            Thread.sleep(1200);
            // The server goes on: a request after it is answered (401: that key is not the issuer's).
            HttpResponse<String> after = HTTP.send(call(token), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, after.statusCode(), after.body());
        } finally {
            issuer.jwksDelayMillis = 0;
        }
    }
}
