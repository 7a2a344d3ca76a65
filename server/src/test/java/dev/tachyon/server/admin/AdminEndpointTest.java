package dev.tachyon.server.admin;

import dev.tachyon.server.observability.PrometheusMetrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.OpsTools;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.TestJson;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin endpoint of a running server, over real HTTP, after real MCP traffic over TCP. */
class AdminEndpointTest {

    @RegisterExtension
    static final TestServer server = new TestServer(b -> PrometheusMetrics.attach(OpsTools.register(b)).admin("127.0.0.1", 0)
            .adminSettings(AdminSettings.builder().allowGc(true).build()));

    private static InetSocketAddress admin() {
        return server.server().adminAddress();
    }

    private static NdjsonClient traffic() {
        NdjsonClient client = server.initialized("{}");
        client.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        client.result("tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":1}}");
        client.error("tools/call", "{\"name\":\"strict\",\"arguments\":{}}");
        client.error("no/such/method", null);
        return client;
    }

    @Test
    void healthIsOkWithEveryMemberTheOperatorNeeds() {
        traffic();
        HttpResponse<String> response = AdminHttp.get(admin(), "/health");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        Map<String, Object> health = AdminHttp.json(admin(), "/health");
        Map<String, Object> sessions = TestJson.map(health.get("sessions"), "sessions");
        Map<String, Object> memory = TestJson.map(health.get("memory"), "memory");
        Map<String, Object> queue = TestJson.map(health.get("workerQueue"), "workerQueue");
        assertAll(
                () -> assertEquals("ok", health.get("status")),
                () -> assertEquals(java.util.List.of(), health.get("problems")),
                () -> assertTrue(((Number) health.get("uptimeSeconds")).longValue() >= 0),
                // Other tests' connections may still be closing: at least this test's one is open.
                () -> assertTrue(number(TestJson.map(health.get("connections"), "connections").get("tcp")) >= 1),
                () -> assertTrue(number(TestJson.map(sessions.get("tcp"), "tcp").get("per-message")) >= 1,
                        "a TCP connection serves each request by the revision it names"),
                () -> assertEquals(0L, number(TestJson.map(sessions.get("tcp"), "tcp").get("2026-07-28"))),
                () -> assertEquals(0L, number(TestJson.map(sessions.get("stdio"), "stdio").get("per-message"))),
                () -> assertTrue(number(health.get("sessionsTotal")) >= 1),
                () -> assertEquals(0L, ((Number) health.get("requestsInFlight")).longValue()),
                () -> assertTrue(((Number) queue.get("capacity")).longValue() > 0),
                () -> assertEquals(0L, ((Number) queue.get("depth")).longValue()),
                () -> assertTrue(((Number) memory.get("heapUsedBytes")).longValue() > 0),
                () -> assertTrue(((Number) memory.get("heapMaxBytes")).longValue() > 0),
                () -> assertTrue(((Number) memory.get("directMaxBytes")).longValue() > 0),
                () -> assertTrue(memory.containsKey("directUsedBytes")),
                () -> assertTrue(((Number) health.get("gcPauseP99Millis")).longValue() >= 0),
                () -> assertTrue(((Number) health.get("messagesPerSecond")).doubleValue() > 0, health::toString),
                () -> assertTrue(((Number) health.get("errorsLastMinute")).longValue() >= 2, health::toString));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    @Test
    void memoryAfterAFullCollectionCountsHeapDirectMemorySessionsAndConnections() {
        NdjsonClient client = traffic();
        Map<String, Object> memory = AdminHttp.json(admin(), "/memory?gc=1");
        assertAll(
                () -> assertEquals(true, memory.get("gc")),
                () -> assertTrue(number(memory.get("heapUsed")) > 0, memory::toString),
                () -> assertTrue(number(memory.get("directUsed")) >= 0, memory::toString),
                () -> assertTrue(number(memory.get("pooledDirect")) >= number(memory.get("pooledDirectUsed")),
                        memory::toString),
                () -> assertTrue(number(memory.get("sessions")) >= 1, memory::toString),
                () -> assertTrue(number(memory.get("connections")) >= 1, memory::toString),
                () -> assertEquals(0L, number(memory.get("requestsInFlight"))),
                () -> assertEquals(0L, number(memory.get("workerQueueDepth"))));
        assertEquals(false, AdminHttp.json(admin(), "/memory").get("gc"), "no collection unless asked");
        assertEquals(false, AdminHttp.json(admin(), "/memory?gc=0").get("gc"));
        client.close();
    }

    @Test
    void readyWhileServing() {
        HttpResponse<String> response = AdminHttp.get(admin(), "/ready");
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("ready", true, "state", "serving"), AdminHttp.json(admin(), "/ready"));
    }

    @Test
    void metricsCountRequestsByMethodAndOutcome() {
        String before = AdminHttp.get(admin(), "/metrics").body();
        traffic().close();
        HttpResponse<String> response = AdminHttp.get(admin(), "/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        String after = response.body();
        assertAll(
                () -> assertIncreasedBy(2, before, after, "tachyon_requests_total{method=\"tools/call\",outcome=\"ok\"}"),
                () -> assertIncreasedBy(1, before, after, "tachyon_requests_total{method=\"tools/call\",outcome=\"invalid_params\"}"),
                () -> assertIncreasedBy(1, before, after, "tachyon_requests_total{method=\"unknown\",outcome=\"method_not_found\"}"),
                () -> assertIncreasedBy(1, before, after, "tachyon_requests_total{method=\"initialize\",outcome=\"ok\"}"),
                () -> assertIncreasedBy(3, before, after, "tachyon_request_duration_seconds_count{method=\"tools/call\"}"),
                () -> assertIncreasedBy(1, before, after, "tachyon_sessions_opened_total{transport=\"tcp\"}"),
                () -> assertTrue(AdminHttp.sample(after, "tachyon_messages_received_total") >= 5),
                () -> assertTrue(AdminHttp.sample(after, "tachyon_received_bytes_total") > 100),
                () -> assertTrue(AdminHttp.sample(after, "tachyon_sent_bytes_total") > 100),
                () -> assertTrue(after.contains("tachyon_request_duration_seconds_bucket{method=\"tools/call\",le=\"1.0E-5\"}")),
                () -> assertEquals(1.0, AdminHttp.sample(after, "tachyon_ready")),
                () -> assertEquals(0.0, AdminHttp.sample(after, "tachyon_breakers_open")),
                () -> assertEquals(0.0, AdminHttp.sample(after, "tachyon_breakers_half_open")),
                () -> assertEquals(0.0, AdminHttp.sample(after, "tachyon_memory_pressure_level")),
                () -> assertTrue(AdminHttp.sample(after, "tachyon_worker_queue_capacity") > 0),
                () -> assertTrue(after.contains("\ntachyon_worker_rejections_total ")),
                () -> assertTrue(after.contains("\ntachyon_bufferpool_pooled_direct_bytes ")),
                () -> assertTrue(after.contains("\njvm_gc_pause_seconds_count") || after.contains("\njvm_gc_memory_allocated_bytes_total")),
                () -> assertTrue(after.contains("\njvm_memory_used_bytes{")));
    }

    private static void assertIncreasedBy(double expected, String before, String after, String series) {
        double was = Math.max(0, AdminHttp.sample(before, series));
        assertEquals(expected, AdminHttp.sample(after, series) - was, series + " in\n" + after);
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        HttpResponse<String> response = AdminHttp.send(admin(), "GET", "/metrics",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(response.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void headHasTheLengthAndNoBody() {
        HttpResponse<String> get = AdminHttp.get(admin(), "/ready");
        HttpResponse<String> head = AdminHttp.send(admin(), "HEAD", "/ready", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                head.headers().firstValue("content-length").orElse(""));
    }

    @Test
    void otherPathsAre404AndOtherMethods405() {
        HttpResponse<String> missing = AdminHttp.get(admin(), "/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("/metrics"), "lists the endpoints");
        HttpResponse<String> post = AdminHttp.send(admin(), "POST", "/health", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
        assertEquals(200, AdminHttp.get(admin(), "/health?verbose=1").statusCode(), "query strings are ignored");
    }
}
