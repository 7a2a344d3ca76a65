package dev.tachyon.server.http;

import dev.tachyon.server.testing.SseReader;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.McpHttpClient;
import static dev.tachyon.server.testing.StatelessMeta.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.NdjsonClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code subscriptions/listen} over Streamable HTTP: a long-lived SSE answer to a POST,
 * acknowledgement first, the changes it asked for with its subscription id, whoever made them
 * and over whichever transport; closing the stream ends the subscription.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpListenTest {

    private static TachyonServer server;
    private static StatelessHttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        server = ConformanceFixture.register(TachyonServer.builder().http("127.0.0.1", 0).tcp("127.0.0.1", 0)
                .ioThreads(2).drainMillis(500)).build().start();
        client = new StatelessHttpClient(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamGetsItsAcknowledgementThenTheChangesItAskedForFromAnyTransport() throws Exception {
        HttpResponse<InputStream> r = client.stream(client.post("subscriptions/listen",
                "\"notifications\":{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"test://watched-resource\"]}",
                "{}", null));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no", r.headers().firstValue("X-Accel-Buffering").orElse(""));
        try (SseReader events = new SseReader(r.body())) {
            Map<String, Object> ack = next(events);
            assertEquals("notifications/subscriptions/acknowledged", ack.get("method"));
            Object id = subscription(ack);
            assertNotNull(id);

            // A change made over HTTP...
            HttpResponse<String> prompts = client.send(client.post("tools/call", "\"name\":\"test_trigger_prompt_change\"",
                    "{}", "test_trigger_prompt_change"));
            assertEquals(200, prompts.statusCode());
            client.send(client.post("tools/call", "\"name\":\"test_trigger_tool_change\"", "{}", "test_trigger_tool_change"));
            Map<String, Object> tools = next(events);
            assertEquals("notifications/tools/list_changed", tools.get("method"), "prompt changes were not asked for");
            assertEquals(id, subscription(tools));

            // ...over TCP, and from the server itself.
            try (NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress())) {
                tcp.result("tools/call", params("\"name\":\"test_trigger_tool_change\""));
            }
            assertEquals("notifications/tools/list_changed", next(events).get("method"));
            server.resourceUpdated(ConformanceFixture.WATCHED_RESOURCE);
            Map<String, Object> updated = next(events);
            assertEquals("notifications/resources/updated", updated.get("method"));
            assertEquals(ConformanceFixture.WATCHED_RESOURCE, ((Map<?, ?>) updated.get("params")).get("uri"));
        }
    }

    @Test
    void aTcpStreamHearsOfChangesMadeOverHttp() throws Exception {
        try (NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress())) {
            tcp.requestAsync("subscriptions/listen", params("\"notifications\":{\"promptsListChanged\":true}"));
            tcp.awaitNotifications("notifications/subscriptions/acknowledged", 1);
            client.send(client.post("tools/call", "\"name\":\"test_trigger_prompt_change\"", "{}",
                    "test_trigger_prompt_change"));
            Map<String, Object> changed = tcp.awaitNotifications("notifications/prompts/list_changed", 1).get(0);
            assertEquals(Map.of("io.modelcontextprotocol/subscriptionId", 1L), ((Map<?, ?>) changed.get("params")).get("_meta"));
        }
    }

    @Test
    void closingTheStreamEndsTheSubscription() throws Exception {
        int before = ServerInternals.engine(server).catalogs().sessions().size();
        HttpResponse<InputStream> r = client.stream(client.post("subscriptions/listen",
                "\"notifications\":{\"toolsListChanged\":true}", "{}", null));
        try (SseReader events = new SseReader(r.body())) {
            assertEquals("notifications/subscriptions/acknowledged", next(events).get("method"));
        }
        // The connection carrying the stream closes with it, and what it carried ends.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ServerInternals.engine(server).catalogs().sessions().size() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(ServerInternals.engine(server).catalogs().sessions().size() <= before, "the stream's connection was let go");
        HttpResponse<String> after = client.send(client.post("tools/call", "\"name\":\"test_trigger_tool_change\"", "{}",
                "test_trigger_tool_change"));
        assertEquals(200, after.statusCode());
    }

    private static Map<String, Object> next(SseReader events) throws java.io.IOException {
        SseReader.Event e = events.nextWithData();
        assertNotNull(e, "the stream ended");
        return McpHttpClient.json(e.data());
    }

    private static Object subscription(Map<String, Object> notification) {
        return ((Map<?, ?>) ((Map<?, ?>) notification.get("params")).get("_meta")).get("io.modelcontextprotocol/subscriptionId");
    }
}
