package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Work off the event loop: notifications before results, cancellation, pipelining, server-to-client requests. */
class TcpAsyncTest {

    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.builder()
                .settings(EngineSettings.builder().clientRequestTimeout(Duration.ofMillis(300)).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LineClient session(String capabilities) throws Exception {
        LineClient c = new LineClient(server.tcpAddress());
        c.initialize(capabilities);
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void progressAndLogsGoOutBeforeTheResultFilteredByLevel() throws Exception {
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
            c.read();
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"chatty\","
                    + "\"_meta\":{\"progressToken\":\"tok-1\"}}}");
            List<Map<String, Object>> before = new ArrayList<>();
            Map<String, Object> message;
            while ((message = c.read()).containsKey("method")) {
                before.add(message);
            }
            assertEquals(2L, message.get("id"));
            assertEquals("done", ((Map<?, ?>) ((List<?>) result(message).get("content")).get(0)).get("text"));
            List<String> methods = new ArrayList<>();
            for (Map<String, Object> m : before) {
                methods.add((String) m.get("method"));
            }
            assertEquals(List.of("notifications/progress", "notifications/message", "notifications/message",
                    "notifications/progress"), methods, "debug is below the session's level and is dropped");
            Map<String, Object> first = (Map<String, Object>) before.get(0).get("params");
            assertEquals("tok-1", first.get("progressToken"));
            assertEquals(0L, first.get("progress"));
            assertEquals(2L, first.get("total"));
            assertEquals(Map.of("level", "error", "logger", "t", "data", Map.of("what", "error line")),
                    before.get(2).get("params"));
        }
    }

    @Test
    void noProgressIsSentWithoutAProgressToken() throws Exception {
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"emergency\"}}");
            c.read();
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"chatty\"}}");
            Map<String, Object> first = c.read();
            assertEquals(2L, first.get("id"), "only the result arrives: " + first);
        }
    }

    @Test
    void aSlowToolDoesNotHoldBackAPingSentAfterIt() throws Exception {
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":400}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(2L, c.read().get("id"));
            assertEquals(1L, c.read().get("id"));
        }
    }

    @Test
    void manyPipelinedCallsAreEachAnsweredOnce() throws Exception {
        try (LineClient c = session("{}")) {
            StringBuilder batch = new StringBuilder();
            int n = 500;
            for (int i = 0; i < n; i++) {
                String tool = i % 10 == 0 ? "sleep\",\"arguments\":{\"ms\":1}" : "echo\",\"arguments\":{\"text\":\"" + i + "\"}";
                batch.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                        .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"").append(tool).append("}}\n");
            }
            c.sendRaw(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                int id = ((Long) c.read().get("id")).intValue();
                assertTrue(!seen[id], "answered twice: " + id);
                seen[id] = true;
            }
            assertTrue(c.silentFor(100));
        }
    }

    @Test
    void cancellationInterruptsTheHandlerAndSuppressesTheAnswer() throws Exception {
        TestServers.interrupted = new CountDownLatch(1);
        TestServers.sleeping = new CountDownLatch(1);
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":30000}}}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(1L, c.read().get("id"));
            // Cancelled before a worker picks it up, a call never runs at all; here we cancel a running one.
            assertTrue(TestServers.sleeping.await(5, TimeUnit.SECONDS));
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"slow\",\"reason\":\"user\"}}");
            assertTrue(TestServers.interrupted.await(5, TimeUnit.SECONDS), "the handler saw the interrupt");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(2L, c.read().get("id"), "nothing is sent for the cancelled request");
            assertTrue(c.silentFor(200));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void elicitationRoundTripsOverTheSameConnection() throws Exception {
        try (LineClient c = session("{\"elicitation\":{}}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
            Map<String, Object> request = c.read();
            assertEquals("elicitation/create", request.get("method"));
            assertEquals("name?", ((Map<String, Object>) request.get("params")).get("message"));
            Object id = request.get("id");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}");
            Map<String, Object> response = c.read();
            assertEquals(7L, response.get("id"));
            assertEquals("got {name=Ada}", ((Map<?, ?>) ((List<?>) result(response).get("content")).get(0)).get("text"));
        }
    }

    @Test
    void serverToClientRequestsNeedTheCapabilityAndTimeOut() throws Exception {
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
            Map<String, Object> refused = c.read();
            assertEquals(1L, refused.get("id"), "no request is sent to a client without the capability");
            assertEquals(-32003L, errorCode(refused));
        }
        try (LineClient c = session("{\"elicitation\":{}}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
            assertEquals("elicitation/create", c.read().get("method"));
            Map<String, Object> timedOut = c.read(); // we never answer: the 300 ms timeout fires
            assertEquals(2L, timedOut.get("id"));
            assertEquals(-32003L, errorCode(timedOut));
        }
    }

    @Test
    void anErrorFromTheClientFailsTheToolWithItsDetails() throws Exception {
        try (LineClient c = session("{\"elicitation\":{}}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
            Object id = c.read().get("id");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-1,\"message\":\"user said no\"}}");
            Map<String, Object> failed = c.read();
            assertEquals(-32003L, errorCode(failed));
            assertTrue(failed.toString().contains("user said no"));
        }
    }
}
