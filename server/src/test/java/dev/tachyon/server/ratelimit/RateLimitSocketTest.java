package dev.tachyon.server.ratelimit;

import dev.tachyon.server.observability.PrometheusMetrics;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.errorData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.config.RateLimitsConfig;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.stdio.StdioTransport;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.StatelessMeta;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits over real sockets: tool calls on TCP and HTTP (both revisions, with the
 * 2026-07-28 code outside the reserved range), per-tool rates, refill, new connections at accept,
 * new sessions at initialize. Each test has its own server: the buckets are per server.
 */
class RateLimitSocketTest {

    private static final TestCatalog CATALOG = new TestCatalog();
    private static final String ECHO = "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}";

    private static TestServer server(RateLimitsConfig limits, boolean http) throws InterruptedException {
        TachyonServer.Builder b = CATALOG.register(TestServer.builder()).rateLimits(limits);
        if (http) {
            b.http(HttpSettings.builder().host("127.0.0.1").port(0).build());
        }
        return TestServer.start(b);
    }

    private static void assertServed(Map<String, Object> answer, String why) {
        assertNotNull(answer.get("result"), why + ": " + answer);
    }

    private static RateLimitsConfig toolCalls(RateLimit rate, Map<String, RateLimit> perTool) {
        return new RateLimitsConfig(rate, perTool, RateLimit.OFF, RateLimit.OFF, 1000);
    }

    @Test
    void aBurstOverTheToolCallRateOnTcpIsRefusedWhileAnotherClientIsServedAndTheBucketRefills() throws Exception {
        try (TestServer server = server(toolCalls(new RateLimit(2, 3), Map.of("echo_blocking", new RateLimit(1000, 1000))),
                false);
                LineClient greedy = LineClient.initialized(server.address(), "{}");
                LineClient polite = new LineClient(server.address(), InetAddress.getByName("127.0.0.2"))) {
            polite.initialize("{}");
            for (int id = 1; id <= 3; id++) {
                assertServed(greedy.call(id, "tools/call", ECHO), "the burst is served: " + id);
            }
            Map<String, Object> refused = greedy.call(4, "tools/call", ECHO);
            assertEquals(-32007L, errorCode(refused), String.valueOf(refused));
            assertEquals(4L, refused.get("id"));
            Map<?, ?> data = errorData(refused);
            assertEquals("rate-limited-tool-calls", data.get("reason"));
            assertEquals(2L, data.get("limit"));
            assertEquals(3L, data.get("burst"));
            long retryAfterMs = ((Number) data.get("retryAfterMs")).longValue();
            assertTrue(retryAfterMs > 0 && retryAfterMs <= 500, "one token every 500 ms: " + retryAfterMs);

            assertServed(greedy.call(5, "ping", "{}"), "the connection stays usable");
            assertServed(greedy.call(6, "tools/call",
                    "{\"name\":\"echo_blocking\",\"arguments\":{\"text\":\"x\"}}"), "a tool with its own rate is counted there");
            assertServed(polite.call(1, "tools/call", ECHO), "another client address has its own bucket");

            Map<String, Object> stateless = greedy.call(7, "tools/call",
                    StatelessMeta.params("\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}"));
            assertEquals(-31007L, errorCode(stateless), "a 2026-07-28 request gets the code outside -32768..-32000");

            Thread.sleep(retryAfterMs + 600); // one more token than the wait: the stateless refusal took none
            assertServed(greedy.call(8, "tools/call", ECHO), "after the wait a call passes");
            assertTrue(ServerInternals.engine(server.server()).rateLimits().refused(RateLimited.Kind.TOOL_CALLS) >= 2);
        }
    }

    @Test
    void onStdioTheOneClientIsLimitedWithAJsonRpcErrorAndTheSessionGoesOn() throws Exception {
        try (TestServer server = server(toolCalls(new RateLimit(1, 2), Map.of()), false)) {
            PipedInputStream serverIn = new PipedInputStream(1 << 16);
            PipedOutputStream toServer = new PipedOutputStream(serverIn);
            PipedInputStream fromServer = new PipedInputStream(1 << 16);
            PipedOutputStream serverOut = new PipedOutputStream(fromServer);
            StdioTransport transport = StdioTransport.start(ServerInternals.engine(server.server()), serverIn, serverOut,
                    1 << 20);
            try (NdjsonClient client = NdjsonClient.over(fromServer, toServer, () -> {
                toServer.close();
                transport.awaitEnd(10, TimeUnit.SECONDS);
                serverOut.close();
            })) {
                client.initialize("{}");
                client.result("tools/call", ECHO);
                client.result("tools/call", ECHO);
                Map<String, Object> refused = client.error("tools/call", ECHO);
                assertEquals(-32007L, refused.get("code"), String.valueOf(refused));
                assertEquals("rate-limited-tool-calls", ((Map<?, ?>) refused.get("data")).get("reason"));
                client.result("ping", "{}"); // the session goes on
            }
        }
    }

    @Test
    void overHttpARefusedCallIs429WithRetryAfterAndTheErrorOfItsRevision() throws Exception {
        try (TestServer server = server(toolCalls(new RateLimit(1, 1), Map.of()), true)) {
            McpHttpClient http = server.httpClient();
            String session = http.initialize();
            assertEquals(200, http.send(http.post(session, McpHttpClient.call(2, "echo", "{\"text\":\"a\"}"))).statusCode());
            HttpResponse<String> refused = http.send(http.post(session, McpHttpClient.call(3, "echo", "{\"text\":\"b\"}")));
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null), "seconds, rounded up");
            Map<String, Object> body = McpHttpClient.json(refused.body());
            assertEquals(3L, body.get("id"));
            assertEquals(-32007L, errorCode(body));
            assertEquals("rate-limited-tool-calls", errorData(body).get("reason"));

            StatelessHttpClient stateless = new StatelessHttpClient(server.httpUri());
            HttpResponse<String> modern = stateless.send(stateless.post("tools/call",
                    "\"name\":\"echo\",\"arguments\":{\"text\":\"c\"}", "{}", "echo"));
            assertEquals(429, modern.statusCode(), modern.body());
            assertNotNull(modern.headers().firstValue("Retry-After").orElse(null));
            Map<?, ?> error = StatelessHttpClient.error(modern);
            assertEquals(-31007L, error.get("code"), "2026-07-28: outside the range the specification reserves");
            assertEquals("rate-limited-tool-calls", ((Map<?, ?>) error.get("data")).get("reason"));
        }
    }

    @Test
    void newConnectionsOverTheirRateAreRefusedAtAcceptWithTheirOwnReason() throws Exception {
        RateLimitsConfig limits = new RateLimitsConfig(RateLimit.OFF, Map.of(), new RateLimit(0.5, 2), RateLimit.OFF, 1000);
        InetAddress hammering = InetAddress.getByName("127.0.0.3");
        try (TestServer server = server(limits, false);
                LineClient first = new LineClient(server.address(), hammering);
                LineClient second = new LineClient(server.address(), hammering)) {
            first.initialize("{}");
            second.initialize("{}");
            try (LineClient third = new LineClient(server.address(), hammering)) {
                Map<String, Object> refused = third.read();
                assertEquals(-32001L, errorCode(refused), "an accept refusal: no revision known yet");
                assertEquals("rate-limited-connections", errorData(refused).get("reason"));
                assertEquals(1L, errorData(refused).get("limit"));
                assertNull(third.readLine(), "then closed");
            }
            try (LineClient other = LineClient.initialized(server.address(), "{}")) {
                assertServed(other.call(1, "ping", "{}"), "another address still connects");
            }
            assertServed(first.call(1, "ping", "{}"), "admitted connections go on");
            assertEquals(1, ServerInternals.engine(server.server()).rateLimits().refused(RateLimited.Kind.CONNECTIONS));
        }
    }

    @Test
    void theBucketTableStaysBoundedUnderManyClientAddressesAndTheRefusalsAreMetered() throws Exception {
        int maxClients = 64; // one per stripe
        RateLimitsConfig limits = new RateLimitsConfig(RateLimit.OFF, Map.of(), new RateLimit(1, 5), RateLimit.OFF, maxClients);
        try (TestServer server = TestServer.start(PrometheusMetrics.attach(CATALOG.register(TestServer.builder())).rateLimits(limits)
                .admin("127.0.0.1", 0))) {
            RateLimits rates = ServerInternals.engine(server.server()).rateLimits();
            for (int i = 0; i < 300; i++) {
                InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250)});
                try (LineClient client = new LineClient(server.address(), from)) {
                    assertServed(client.call(1, "ping", "{}"), "a new address is never refused for a full table");
                }
                assertTrue(rates.trackedClients() <= maxClients, "tracked: " + rates.trackedClients());
            }
            assertTrue(rates.evicted() > 0, "the table was full and made room");
            InetAddress hammering = InetAddress.getByName("127.0.9.9");
            for (int i = 0; i < 5; i++) {
                new LineClient(server.address(), hammering).close();
            }
            try (LineClient refused = new LineClient(server.address(), hammering)) {
                assertEquals("rate-limited-connections", errorData(refused.read()).get("reason"));
            }
            InetSocketAddress admin = server.server().adminAddress();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("tachyon_rate_limited_total{kind=\"rate-limited-connections\"} 1.0"), metrics);
            assertTrue(metrics.contains("tachyon_connections_refused_total{reason=\"rate-limited-connections\"} 1.0"));
            assertTrue(metrics.contains("tachyon_rate_limit_evicted_total"));
            assertTrue(metrics.contains("tachyon_rate_limit_clients"));
        }
    }

    @Test
    void anInitializeOverTheSessionRateIs429AndTheSessionsOpenGoOn() throws Exception {
        RateLimitsConfig limits = new RateLimitsConfig(RateLimit.OFF, Map.of(), RateLimit.OFF, new RateLimit(0.2, 1), 1000);
        try (TestServer server = server(limits, true)) {
            McpHttpClient http = server.httpClient();
            String session = http.initialize();
            HttpResponse<String> refused = http.send(http.post(null, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\","
                    + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
            assertEquals(429, refused.statusCode(), refused.body());
            long seconds = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(seconds >= 1 && seconds <= 5, "one token every 5 s, in whole seconds: " + seconds);
            Map<String, Object> body = McpHttpClient.json(refused.body());
            assertEquals(7L, body.get("id"));
            assertEquals(-32007L, errorCode(body));
            assertEquals("rate-limited-sessions", errorData(body).get("reason"));
            assertTrue(refused.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session was opened");
            assertEquals(200, http.send(http.post(session, McpHttpClient.call(2, "echo", "{\"text\":\"a\"}"))).statusCode(),
                    "the session already open is served");
        }
    }
}
