package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.Haproxy;
import dev.tachyon.server.testing.MockIssuer;
import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TachyonProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite against a Tachyon with OAuth on: {@code bin/tachyon serve --fixture
 * conformance --http ... --config FILE}, the file setting {@code tachyon.auth.resource} and
 * {@code authorization-servers} (a real authorization server, {@link MockIssuer}, on loopback
 * http). The suite's {@code server} mode sends no headers of its own, so it reaches the server
 * through a real HAProxy in HTTP mode that adds {@code Authorization: Bearer <token>} to every
 * request ({@code http-request set-header}), the token issued for the resource, which is the
 * proxy's URL (what the suite connects to). The requirement sets of both revisions must pass
 * there as they do with auth off ({@link ConformanceIT}); straight to the server, without the
 * proxy's token, a plain POST is 401 and a scenario fails, which shows auth was on.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConformanceAuthIT {

    @TempDir
    static Path dir;
    private static MockIssuer issuer;
    private static TachyonProcess server;
    private static Haproxy haproxy;
    private static String direct;
    private static String resource;

    @BeforeAll
    static void start() throws Exception {
        issuer = MockIssuer.start();
        InetSocketAddress front = new InetSocketAddress("127.0.0.1", TachyonProcess.freePort());
        resource = "http://" + Haproxy.hostPort(front) + "/mcp";
        Path config = dir.resolve("tachyon.conf");
        Files.writeString(config, String.join("\n",
                "tachyon.auth {",
                "  resource = \"" + resource + "\"",
                "  authorization-servers = \"" + issuer.issuer() + "\"",
                "}", ""));
        int port = TachyonProcess.freePort();
        server = TachyonProcess.start("serve", "--fixture", "conformance", "--http", "127.0.0.1:" + port,
                "--config", config.toString());
        direct = "http://127.0.0.1:" + port + "/mcp";
        haproxy = Haproxy.start(dir, front, List.of(
                "frontend mcp_in",
                "    mode http",
                "    bind " + Haproxy.hostPort(front),
                "    http-request set-header Authorization \"Bearer " + issuer.token("conformance", resource, 3600) + "\"",
                "    default_backend mcp_out",
                "backend mcp_out",
                "    mode http",
                "    server tachyon 127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.close();
        }
        try {
            assertEquals(0, server.stop(), () -> "tachyon exit code; stderr:\n" + server.stderr());
        } finally {
            issuer.close();
        }
    }

    private static ConformanceSuite throughProxy() {
        return new ConformanceSuite(resource, "conformance-auth");
    }

    @Test
    void requirementsOf20251125() throws Exception {
        throughProxy().requirements("2025-11-25");
    }

    @Test
    void requirementsOf20260728() throws Exception {
        throughProxy().requirements("2026-07-28");
    }

    /** Without the proxy (so without a token) the server refuses: auth is really on. */
    @Test
    void straightToTheServerWithoutATokenIsRefused() throws Exception {
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(direct))
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), post.body());
        assertEquals("Bearer resource_metadata=\"" + resource.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")
                + "\"", post.headers().firstValue("WWW-Authenticate").orElse(""));
        NodeTools.Outcome scenario = new ConformanceSuite(direct, "conformance-auth-direct")
                .scenario("2025-11-25", "tools-list");
        assertNotEquals(0, scenario.exitCode(), () -> "tools-list passed without a token:\n" + scenario.tail(4000));
        // The suite's SDK client reports the server's 401 answer, which names the missing token.
        assertTrue(scenario.output().contains("\"reason\":\"missing\""),
                () -> "the failure is the missing token:\n" + scenario.tail(4000));
    }
}
