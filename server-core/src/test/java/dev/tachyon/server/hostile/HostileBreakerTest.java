package dev.tachyon.server.hostile;

import static dev.tachyon.server.hostile.NdjsonSession.errorCode;
import static dev.tachyon.server.hostile.NdjsonSession.errorData;
import static dev.tachyon.server.hostile.NdjsonSession.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.CircuitBreaker;
import dev.tachyon.server.engine.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad arguments never open a tool's circuit breaker (issue 10, item 7): calls that break the
 * input schema in every way a schema can say (out of range, wrong type, missing, extra where
 * forbidden, pattern, enum, length) are answered as tool execution errors naming the keyword
 * and path, never reach the handler nor the breaker, and another client's valid call runs
 * meanwhile; a handler's own {@code InvalidArgumentException} does not count either; a tool that
 * really fails still opens its breaker, and bad arguments do not use up its half-open probes.
 */
@ExtendWith(HostileSuite.class)
class HostileBreakerTest {

    private static final int THRESHOLD = 3;
    private static final String RANGED_SCHEMA = "{\"type\":\"object\",\"additionalProperties\":false,"
            + "\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10},"
            + "\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]+$\",\"maxLength\":3},"
            + "\"mode\":{\"enum\":[\"fast\",\"slow\"]},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":2}},"
            + "\"required\":[\"n\"]}";
    private static final AtomicBoolean FAILING = new AtomicBoolean();
    private static volatile int handlerRuns;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        TachyonServer.Builder builder = TachyonServer.builder().tcp("127.0.0.1", 0)
                .settings(EngineSettings.builder().breaker(THRESHOLD, Duration.ofSeconds(1), 1).build());
        DemoTools.register(builder);
        builder.tool(Tool.builder("ranged").description("inline, a strict schema")
                .inputSchema(RANGED_SCHEMA)
                .inline((call, out) -> {
                    handlerRuns++;
                    out.text("n=" + call.arguments().integer("n"));
                })
                .build());
        builder.tool(Tool.builder("ranged_blocking").description("blocking, a strict schema")
                .inputSchema(RANGED_SCHEMA)
                .blocking(call -> {
                    handlerRuns++;
                    return ToolResult.text("n=" + call.arguments().integer("n"));
                })
                .build());
        builder.tool(Tool.builder("picky").description("rejects what its schema cannot say")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}},\"required\":[\"word\"]}")
                .inline((call, out) -> {
                    if (!call.arguments().string("word").equals("please")) {
                        throw new InvalidArgumentException("say please");
                    }
                    out.text("thanks");
                })
                .build());
        builder.tool(Tool.builder("flaky").description("fails while FAILING is set")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":0}}}")
                .blocking(call -> {
                    if (FAILING.get()) {
                        throw new java.io.IOException("backend down");
                    }
                    return ToolResult.text("ok");
                })
                .build());
        server = builder.build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void badArgumentsOfEveryShapeNeverOpenTheBreaker() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        List<String[]> shapes = List.of(
                new String[] {"{\"n\":0}", "minimum", "/n"},
                new String[] {"{\"n\":11}", "maximum", "/n"},
                new String[] {"{\"n\":\"5\"}", "type", "/n"},
                new String[] {"{\"n\":2.5}", "type", "/n"},
                new String[] {"{}", "required", ""},
                new String[] {"{\"n\":5,\"extra\":true}", "additionalProperties", ""},
                new String[] {"{\"n\":5,\"code\":\"abc\"}", "pattern", "/code"},
                new String[] {"{\"n\":5,\"code\":\"ABCD\"}", "maxLength", "/code"},
                new String[] {"{\"n\":5,\"mode\":\"medium\"}", "enum", "/mode"},
                new String[] {"{\"n\":5,\"tags\":[\"a\",7]}", "type", "/tags/1"});
        int runsBefore = handlerRuns;
        try (NdjsonSession attacker = NdjsonSession.initialized(server.tcpAddress(), "{}");
                NdjsonSession other = NdjsonSession.initialized(server.tcpAddress(), "{}")) {
            long id = 1;
            for (String tool : List.of("ranged", "ranged_blocking")) {
                for (int round = 0; round < 100 * shapes.size(); round++) { // each shape 100 times
                    String[] shape = shapes.get(round % shapes.size());
                    Map<String, Object> answer = attacker.call(id++, "tools/call",
                            "{\"name\":\"" + tool + "\",\"arguments\":" + shape[0] + "}");
                    assertInvalid(answer, shape[1], shape[2]);
                }
                // Another client's valid call runs: the breaker is closed.
                Map<String, Object> valid = other.call(id++, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{\"n\":7}}");
                assertNull(result(valid).get("isError"), String.valueOf(valid));
                assertEquals(CircuitBreaker.State.CLOSED, breaker(tool));
            }
            assertEquals(runsBefore + 2, handlerRuns, "no handler ran for a call that broke the schema");

            // The reproduction: sleep with ms -1, five times and more.
            for (int i = 0; i < 20; i++) {
                assertInvalid(attacker.call(id++, "tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":-1}}"), "minimum", "/ms");
            }
            Map<String, Object> slept = other.call(id++, "tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":1}}");
            assertNull(result(slept).get("isError"), "sleep still runs for others: " + slept);

            // A handler's own InvalidArgumentException does not count.
            for (int i = 0; i < 20; i++) {
                Map<String, Object> rude = attacker.call(id++, "tools/call", "{\"name\":\"picky\",\"arguments\":{\"word\":\"now\"}}");
                assertEquals(Boolean.TRUE, result(rude).get("isError"));
            }
            assertEquals(CircuitBreaker.State.CLOSED, breaker("picky"));
            assertEquals("thanks", text(other.call(id++, "tools/call", "{\"name\":\"picky\",\"arguments\":{\"word\":\"please\"}}")));
        } finally {
            NdjsonSession.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    @Test
    void aToolThatReallyFailsStillOpensItsBreakerAndBadArgumentsDoNotTakeItsProbes() throws Exception {
        try (NdjsonSession client = NdjsonSession.initialized(server.tcpAddress(), "{}")) {
            long id = 1000;
            FAILING.set(true);
            for (int i = 0; i < THRESHOLD; i++) {
                assertEquals(Boolean.TRUE, result(client.call(id++, "tools/call", "{\"name\":\"flaky\"}")).get("isError"));
            }
            Map<String, Object> refused = client.call(id++, "tools/call", "{\"name\":\"flaky\"}");
            assertEquals(-32006L, errorCode(refused), "the failing tool's breaker is open: " + refused);
            assertEquals("circuit-open", errorData(refused).get("reason"));
            FAILING.set(false);
            Thread.sleep(1_100); // the open duration: the next call through is the single half-open probe
            for (int i = 0; i < 10; i++) {
                assertInvalid(client.call(id++, "tools/call", "{\"name\":\"flaky\",\"arguments\":{\"n\":-1}}"), "minimum", "/n");
            }
            Map<String, Object> probe = client.call(id++, "tools/call", "{\"name\":\"flaky\"}");
            assertNull(result(probe).get("isError"), "the probe was still free and succeeded: " + probe);
            assertEquals(CircuitBreaker.State.CLOSED, breaker("flaky"));
        } finally {
            FAILING.set(false);
        }
    }

    private static void assertInvalid(Map<String, Object> answer, String keyword, String path) {
        Map<String, Object> result = result(answer);
        assertTrue(result != null, "a tool execution error, not a JSON-RPC error: " + answer);
        assertEquals(Boolean.TRUE, result.get("isError"), String.valueOf(answer));
        String text = text(answer);
        assertTrue(text.startsWith("Invalid arguments for tool '") && text.contains("[" + keyword + " at '" + path + "']"),
                text);
        Map<?, ?> meta = (Map<?, ?>) result.get("_meta");
        List<?> violations = (List<?>) meta.get("dev.tachyon/invalidArguments");
        assertTrue(violations.stream().map(v -> (Map<?, ?>) v)
                .anyMatch(v -> keyword.equals(v.get("keyword")) && path.equals(v.get("path"))), String.valueOf(violations));
    }

    private static String text(Map<String, Object> answer) {
        return (String) ((Map<?, ?>) ((List<?>) result(answer).get("content")).get(0)).get("text");
    }

    private static CircuitBreaker.State breaker(String tool) {
        CircuitBreaker breaker = ServerInternals.engine(server).breakers().all().get(tool);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }
}
