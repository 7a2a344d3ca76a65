package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.TestJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tools/call on the engine alone: inline and blocking, errors as results and as JSON-RPC errors, client requests, cancellation. */
class EngineToolsTest {

    private EngineHarness harness;
    private EngineSession session;

    @BeforeEach
    void open() {
        harness = EngineHarness.start();
        session = harness.open();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void anInlineToolAnswersWhileItsMessageIsHandled() {
        session.initialize("{}");
        CompletableFuture<Map<String, Object>> answer = session.requestAsync("tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");

        assertTrue(answer.isDone(), "inline: answered on the session thread before send returned");
        assertEquals("hi", text(TestJson.map(answer.join().get("result"), "result")));
    }

    @Test
    void aBlockingToolAnswersFromTheWorkerPool() {
        session.initialize("{}");
        Map<String, Object> result = session.result("tools/call", "{\"name\":\"echo_blocking\",\"arguments\":{\"text\":\"hi\"}}");

        assertEquals("blocking hi", text(result));
        assertFalse(Boolean.TRUE.equals(result.get("isError")));
    }

    @Test
    void handlerFailuresAreIsErrorResultsNamingThem() {
        session.initialize("{}");
        Map<String, Object> inline = session.result("tools/call", "{\"name\":\"explode\",\"arguments\":{}}");
        assertEquals(Boolean.TRUE, inline.get("isError"));
        assertTrue(text(inline).contains("boom"), text(inline));

        Map<String, Object> blocking = session.result("tools/call", "{\"name\":\"explode_blocking\",\"arguments\":{}}");
        assertEquals(Boolean.TRUE, blocking.get("isError"));
        assertTrue(text(blocking).contains("disk on fire"), text(blocking));

        Map<String, Object> refused = session.result("tools/call", "{\"name\":\"refuse\",\"arguments\":{\"why\":\"x\"}}");
        assertEquals(Boolean.TRUE, refused.get("isError"));
        assertEquals("refused: x", text(refused));
    }

    @Test
    void mcpExceptionsAndUnknownToolsAreJsonRpcErrors() {
        session.initialize("{}");
        assertEquals(-32602L, session.error("tools/call", "{\"name\":\"strict\",\"arguments\":{}}").get("code"));
        assertEquals(-32602L, session.error("tools/call", "{\"name\":\"no-such-tool\",\"arguments\":{}}").get("code"));
        assertEquals(-32602L, session.error("tools/call", "{\"arguments\":{}}").get("code"), "a call needs a name");
    }

    @Test
    void argumentsAreCheckedAgainstTheInputSchemaBeforeTheHandlerRuns() {
        session.initialize("{}");
        Map<String, Object> result = session.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":7}}");

        assertEquals(Boolean.TRUE, result.get("isError"));
        assertTrue(text(result).startsWith("Invalid arguments for tool 'echo': /text"), text(result));
        List<Object> problems = TestJson.list(TestJson.map(result.get("_meta"), "_meta").get("dev.tachyon/invalidArguments"),
                "invalidArguments");
        assertEquals("/text", TestJson.map(problems.get(0), "problem").get("path"));
    }

    @Test
    void progressAndLogsGoOutBeforeTheResultWithTheCallersToken() {
        session.initialize("{}");
        session.result("logging/setLevel", "{\"level\":\"info\"}");
        Map<String, Object> result = session.result("tools/call",
                "{\"name\":\"chatty\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t1\"}}");

        assertEquals("done", text(result));
        List<Map<String, Object>> progress = session.notifications("notifications/progress");
        assertEquals(2, progress.size(), "both progress reports: " + session.messages());
        for (Map<String, Object> p : progress) {
            assertEquals("t1", TestJson.map(p.get("params"), "params").get("progressToken"));
        }
        List<Map<String, Object>> logs = session.notifications("notifications/message");
        assertEquals(1, logs.size(), "debug is below the level set, error is not: " + logs);
        assertEquals("error", TestJson.map(logs.get(0).get("params"), "params").get("level"));
        int response = session.messages().indexOf(session.messages().stream()
                .filter(m -> m.containsKey("result") && TestJson.map(m.get("result"), "r").containsKey("content"))
                .findFirst()
                .orElseThrow());
        assertTrue(session.messages().indexOf(progress.get(1)) < response, "progress comes before the result");
    }

    @Test
    void aToolElicitsFromTheClientAndUsesTheAnswer() {
        session.initialize("{\"elicitation\":{}}");
        session.onServerRequest((method, params) -> {
            assertEquals("elicitation/create", method);
            assertEquals("name?", params.get("message"));
            return Map.of("action", "accept", "content", Map.of("name", "Ada"));
        });

        Map<String, Object> result = session.result("tools/call", "{\"name\":\"ask\",\"arguments\":{}}");

        assertEquals("got {name=Ada}", text(result));
        assertEquals(1, session.serverRequests().size());
    }

    @Test
    void aClientWithoutTheCapabilityIsNotAsked() {
        session.initialize("{}");
        Map<String, Object> response = session.request("tools/call", "{\"name\":\"ask\",\"arguments\":{}}");

        assertTrue(session.serverRequests().isEmpty(), "no elicitation/create to a client that cannot answer it");
        assertTrue(response.containsKey("error") || Boolean.TRUE.equals(
                TestJson.map(response.get("result"), "result").get("isError")), response.toString());
    }

    @Test
    void cancellationInterruptsTheHandlerAndSuppressesTheResponse() throws InterruptedException {
        EngineSession http = harness.open(McpSession.RevisionScope.STATEFUL);
        http.initialize("{}");
        long id = http.nextRequestId();
        Object exchange = http.send("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"wait\",\"arguments\":{}}}");
        assertTrue(harness.catalog().waiting.await(10, TimeUnit.SECONDS), "the handler runs");

        http.notify("notifications/cancelled", "{\"requestId\":" + id + ",\"reason\":\"test\"}");

        assertTrue(harness.catalog().interrupted.await(10, TimeUnit.SECONDS), "the cancellation reaches the handler");
        http.awaitEnded(exchange);
        assertTrue(http.messages().stream().noneMatch(m -> Long.valueOf(id).equals(m.get("id"))),
                "a cancelled request is not answered: " + http.messages());
        assertEquals(Map.of(), http.result("ping", null), "the session goes on");
    }

    @Test
    void closingASessionCancelsItsRunningCalls() throws InterruptedException {
        session.initialize("{}");
        session.requestAsync("tools/call", "{\"name\":\"wait\",\"arguments\":{}}");
        assertTrue(harness.catalog().waiting.await(10, TimeUnit.SECONDS));

        session.close();

        assertTrue(harness.catalog().interrupted.await(10, TimeUnit.SECONDS));
    }

    static String text(Map<String, Object> result) {
        List<Object> content = TestJson.list(result.get("content"), "content");
        return String.valueOf(TestJson.map(content.get(0), "content[0]").get("text"));
    }
}
