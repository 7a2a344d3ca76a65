package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A tool that keeps failing is cut off at once; a blocking call past its deadline is answered and interrupted. */
class TcpBreakerAndDeadlineTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b)
                .settings(EngineSettings.builder()
                        .toolTimeout(Duration.ofMillis(300))
                        .breaker(3, Duration.ofMinutes(5), 1)
                        .build()));

    @Test
    void repeatedFailuresOpenTheToolsBreakerAndOnlyThatTool() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            for (int i = 1; i <= 3; i++) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"explode_blocking\"}}");
                assertEquals(true, result(c.read()).get("isError"));
            }
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"explode_blocking\"}}");
            Map<String, Object> refused = c.read();
            assertEquals(-32006L, errorCode(refused));
            Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) refused.get("error")).get("data");
            assertEquals("circuit-open", data.get("reason"));
            assertTrue((Long) data.get("retryAfterMs") > 0);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"ok\"}}}");
            assertEquals(5L, c.read().get("id"), "other tools are unaffected");
        }
    }

    @Test
    void invalidArgumentsDoNotCountAgainstATool() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            for (int i = 1; i <= 5; i++) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}");
                assertEquals(true, result(c.read()).get("isError"));
            }
            c.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}}}");
            assertEquals(null, result(c.read()).get("isError"));
        }
    }

    @Test
    void aBlockingCallPastItsDeadlineIsAnsweredWithATimeoutAndInterrupted() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":60000}}}");
            Map<String, Object> timedOut = c.read();
            assertEquals(1L, timedOut.get("id"));
            assertEquals(-32004L, errorCode(timedOut));
            assertEquals(Map.of("timeoutMs", 300L), ((Map<?, ?>) timedOut.get("error")).get("data"));
            assertTrue(CATALOG.interrupted.await(5, TimeUnit.SECONDS), "the handler was interrupted");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(2L, c.read().get("id"));
            assertTrue(c.silentFor(200), "exactly one answer for the timed-out call");
        }
    }
}
