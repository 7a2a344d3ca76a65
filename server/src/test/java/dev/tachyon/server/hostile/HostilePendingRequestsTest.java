package dev.tachyon.server.hostile;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.errorData;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.CircuitBreaker;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.SessionLimits;
import dev.tachyon.server.fixture.ConformanceFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that never answers the server's sampling and elicitation requests, while calling the
 * tools that send them, cannot pile them up: past {@code max-pending-client-requests} the tool
 * call asking for one more fails at once, the workers stay free for others, the tools' breakers
 * do not count the client's silence, and pending requests end with their timeout or the
 * connection.
 */
@ExtendWith(HostileSuite.class)
class HostilePendingRequestsTest {

    private static final int MAX_PENDING = 2;
    private static final String SAMPLING_CALL = "{\"name\":\"test_sampling\",\"arguments\":{\"prompt\":\"hi\"}}";
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        TachyonServer.Builder builder = TachyonServer.builder().tcp("127.0.0.1", 0)
                .settings(EngineSettings.builder().workerThreads(8).maxPendingClientRequests(MAX_PENDING)
                        .clientRequestTimeout(Duration.ofMillis(1500)).breaker(3, Duration.ofMinutes(5), 1).build());
        builder.tool(Tool.builder("ask_raw").description("samples without catching what fails")
                .blocking(call -> ToolResult.text(String.valueOf(call.sample(Map.of("messages", List.of(), "maxTokens", 1)))))
                .build());
        server = ConformanceFixture.register(builder).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatNeverAnswersCannotPileUpRequests() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        long refusedBefore = ServerInternals.engine(server).limits().refused(SessionLimits.Refusal.MAX_PENDING_CLIENT_REQUESTS);
        try (LineClient silent = LineClient.initialized(server.tcpAddress(), "{\"sampling\":{},\"elicitation\":{}}")) {
            // Shape 1: sampling and elicitation calls pipelined, never answered.
            int calls = 0;
            for (int i = 0; i < 10; i++) {
                silent.request(++calls, "tools/call", SAMPLING_CALL);
                silent.request(++calls, "tools/call", "{\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"who?\"}}");
            }
            silent.request(++calls, "tools/call", "{\"name\":\"ask_raw\"}");
            int asked = 0;
            int refusedResults = 0;
            Map<String, Object> raw = null;
            for (int answers = 0; answers < calls - MAX_PENDING; ) {
                Map<String, Object> message = silent.read();
                if ("sampling/createMessage".equals(message.get("method")) || "elicitation/create".equals(message.get("method"))) {
                    asked++;
                } else if (message.containsKey("id") && !message.containsKey("method")) {
                    answers++;
                    if (Long.valueOf(calls).equals(message.get("id"))) {
                        raw = message;
                    } else {
                        String text = (String) ((Map<?, ?>) ((List<?>) result(message).get("content")).get(0)).get("text");
                        assertTrue(text.contains("Too many requests to the client unanswered"), text);
                        refusedResults++;
                    }
                }
            }
            assertEquals(MAX_PENDING, asked, "only the bound's worth of requests reached the silent client");
            assertEquals(calls - MAX_PENDING - 1, refusedResults);
            assertEquals(-32001L, errorCode(raw), "a handler that does not catch it fails the call with the refusal");
            assertEquals(Map.of("reason", "max-pending-client-requests", "limit", (long) MAX_PENDING, "retryAfterMs", 1000L),
                    errorData(raw));
            assertEquals(calls - MAX_PENDING,
                    ServerInternals.engine(server).limits().refused(SessionLimits.Refusal.MAX_PENDING_CLIENT_REQUESTS) - refusedBefore);
            assertEquals(CircuitBreaker.State.CLOSED, breaker("test_sampling"), "the client's silence is not the tool's failure");
            assertEquals(CircuitBreaker.State.CLOSED, breaker("test_elicitation"));

            // Another client is served at once: the silent one holds two workers, not all of them.
            assertSamplingServed();

            // Shape 2: the pending requests end with their timeout, and the session may ask again.
            for (int ended = 0; ended < MAX_PENDING; ) {
                Map<String, Object> message = silent.read();
                if (message.containsKey("id") && !message.containsKey("method")) {
                    assertEquals(Boolean.TRUE, result(message).get("isError"), String.valueOf(message));
                    ended++;
                }
            }
            silent.request(++calls, "tools/call", SAMPLING_CALL);
            Map<String, Object> again = silent.read();
            assertEquals("sampling/createMessage", again.get("method"), "the bound is a count, not a ban: " + again);
            assertEquals(CircuitBreaker.State.CLOSED, breaker("test_sampling"));
            // Shape 3: the connection goes away with a request pending (closed by try-with-resources).
        } finally {
            GoodClient.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        assertSamplingServed();
        baseline.assertReturned();
    }

    /** A client that answers gets its sampling call served. */
    private static void assertSamplingServed() throws IOException {
        try (LineClient polite = LineClient.initialized(server.tcpAddress(), "{\"sampling\":{}}")) {
            polite.request(1, "tools/call", SAMPLING_CALL);
            Map<String, Object> asked = polite.read();
            assertEquals("sampling/createMessage", asked.get("method"), String.valueOf(asked));
            polite.send("{\"jsonrpc\":\"2.0\",\"id\":" + asked.get("id") + ",\"result\":{\"role\":\"assistant\","
                    + "\"content\":{\"type\":\"text\",\"text\":\"hello\"},\"model\":\"m\"}}");
            Map<String, Object> answer = polite.answerTo(1);
            assertNull(result(answer).get("isError"), String.valueOf(answer));
        }
    }

    private static CircuitBreaker.State breaker(String tool) {
        CircuitBreaker breaker = ServerInternals.engine(server).breakers().all().get(tool);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }
}
