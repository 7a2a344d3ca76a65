package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.McpTestClient;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** tools/call on the engine alone: inline and blocking, errors as results and as JSON-RPC errors, client requests, cancellation. */
class EngineToolsTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start();
    private final EngineSession session = harness.open();

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
        for (int length : new int[] {128, 129, 4096}) { // no tool's name is over 128 bytes
            assertEquals(-32602L, session.error("tools/call", "{\"name\":\"" + "a".repeat(length)
                    + "\",\"arguments\":{}}").get("code"), "a name of " + length + " bytes");
        }
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
    @SuppressWarnings("unchecked")
    void progressAndLogsGoOutBeforeTheResultFilteredByLevel() {
        session.initialize("{}");
        session.result("logging/setLevel", "{\"level\":\"info\"}");
        int start = session.messages().size();

        Map<String, Object> result = session.result("tools/call", "{\"name\":\"chatty\",\"_meta\":{\"progressToken\":\"tok-1\"}}");

        assertEquals("done", text(result));
        List<Map<String, Object>> before = session.messages().subList(start, session.messages().size() - 1);
        assertEquals(List.of("notifications/progress", "notifications/message", "notifications/message",
                "notifications/progress"), before.stream().map(m -> m.get("method")).toList(),
                "debug is below the session's level and is dropped; all of it comes before the result");
        Map<String, Object> first = (Map<String, Object>) before.get(0).get("params");
        assertEquals("tok-1", first.get("progressToken"));
        assertEquals(0L, first.get("progress"));
        assertEquals(2L, first.get("total"));
        assertEquals(Map.of("level", "error", "logger", "t", "data", Map.of("what", "error line")), before.get(2).get("params"));
    }

    @Test
    void noProgressIsSentWithoutAProgressToken() {
        session.initialize("{}");
        session.result("logging/setLevel", "{\"level\":\"emergency\"}");
        int start = session.messages().size();

        session.result("tools/call", "{\"name\":\"chatty\"}");

        assertEquals(1, session.messages().size() - start, "only the result: " + session.messages());
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
        assertEquals(-32003L, TestJson.map(response.get("error"), "error").get("code"));
    }

    @Test
    void anErrorFromTheClientFailsTheToolWithItsDetails() {
        session.initialize("{\"elicitation\":{}}");
        session.onServerRequest((method, params) -> {
            throw new McpTestClient.ErrorReply(-1, "user said no");
        });

        Map<String, Object> failed = session.request("tools/call", "{\"name\":\"ask\"}");

        assertEquals(-32003L, TestJson.map(failed.get("error"), "error").get("code"));
        assertTrue(failed.toString().contains("user said no"), failed.toString());
    }

    @Test
    void aClientThatNeverAnswersTimesTheToolOut() {
        try (EngineHarness quick = EngineHarness.start(TestCatalog.settings().clientRequestTimeout(Duration.ofMillis(300)))) {
            EngineSession silent = quick.initialized("{\"elicitation\":{}}").ignoreServerRequests();

            Map<String, Object> timedOut = silent.request("tools/call", "{\"name\":\"ask\"}");

            assertEquals("elicitation/create", silent.serverRequests().get(0).get("method"));
            assertEquals(-32003L, TestJson.map(timedOut.get("error"), "error").get("code"));
        }
    }

    @Test
    void cancellationInterruptsTheHandlerAndSuppressesTheResponse() throws InterruptedException {
        EngineSession http = harness.open(McpSession.RevisionScope.STATEFUL);
        http.initialize("{}");
        long id = http.nextRequestId();
        Object exchange = http.send("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"wait\",\"arguments\":{}}}");
        assertTrue(harness.catalog().started.await(10, TimeUnit.SECONDS), "the handler runs");

        http.notify("notifications/cancelled", "{\"requestId\":" + id + ",\"reason\":\"test\"}");

        assertTrue(harness.catalog().interrupted.await(10, TimeUnit.SECONDS), "the cancellation reaches the handler");
        http.awaitEnded(exchange);
        assertTrue(http.messages().stream().noneMatch(m -> Long.valueOf(id).equals(m.get("id"))),
                "a cancelled request is not answered: " + http.messages());
        assertEquals(Map.of(), http.result("ping", null), "the session goes on");
    }

    @Test
    void twoCallsInFlightAreCancelledOneByOneByTheirIds() throws InterruptedException {
        // A session holds its only call in flight without a map, and needs one from the second:
        // cancellation must find each by its id either way.
        EngineSession http = harness.open(McpSession.RevisionScope.STATEFUL);
        http.initialize("{}");
        long first = http.nextRequestId();
        http.send("{\"jsonrpc\":\"2.0\",\"id\":" + first
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"wait\",\"arguments\":{}}}");
        long second = http.nextRequestId();
        Object secondExchange = http.send("{\"jsonrpc\":\"2.0\",\"id\":\"s-" + second
                + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"wait\",\"arguments\":{}}}");
        assertTrue(harness.catalog().started.await(10, TimeUnit.SECONDS), "a handler runs");
        assertEquals(2, inFlight(http, 2), "both calls are in flight");

        http.notify("notifications/cancelled", "{\"requestId\":\"s-" + second + "\",\"reason\":\"test\"}");
        http.awaitEnded(secondExchange);
        assertEquals(1, inFlight(http, 1), "the first is still in flight");
        harness.catalog().release.countDown();

        assertEquals("released", text(TestJson.map(http.awaitResponse(first).get("result"), "result")));
        assertEquals(0, inFlight(http, 0));
        assertTrue(http.messages().stream().noneMatch(m -> ("s-" + second).equals(m.get("id"))),
                "the cancelled call is not answered: " + http.messages());
    }

    /** The session's count of calls in flight, read on its executor, once it is {@code expected} (or after 10 s). */
    private static int inFlight(EngineSession client, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            int now = CompletableFuture.supplyAsync(() -> client.session().inFlightCount(),
                    client.session().outbound().executor()).join();
            if (now == expected || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(5);
        }
    }

    @Test
    void closingASessionCancelsItsRunningCalls() throws InterruptedException {
        session.initialize("{}");
        session.requestAsync("tools/call", "{\"name\":\"wait\",\"arguments\":{}}");
        assertTrue(harness.catalog().started.await(10, TimeUnit.SECONDS));

        session.close();

        assertTrue(harness.catalog().interrupted.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallKeptPastItsEndIsItsOwnAndOnlyItsInPlaceArgumentsEnd() {
        // A call is one object made for it (the context is its own arguments): never reused, so a
        // handler that keeps it sees its own call; what it read in place ends with the call.
        List<dev.tachyon.api.ToolCall> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        harness.engine().catalogs().tools().put(dev.tachyon.api.Tool.builder("keep").description("keeps its call")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                .inline((call, out) -> {
                    kept.add(call);
                    out.text(call.arguments().string("text", "none"));
                }).build());
        harness.engine().catalogs().tools().put(dev.tachyon.api.Tool.builder("keep_blocking").description("keeps its call")
                .blocking(call -> {
                    kept.add(call);
                    return dev.tachyon.api.ToolResult.text(call.arguments().string("text"));
                }).build());
        session.initialize("{}");

        assertEquals("one", text(session.result("tools/call", "{\"name\":\"keep\",\"arguments\":{\"text\":\"one\"}}")));
        assertEquals("two", text(session.result("tools/call", "{\"name\":\"keep\",\"arguments\":{\"text\":\"two\"}}")));
        assertEquals("none", text(session.result("tools/call", "{\"name\":\"keep\"}")));
        assertEquals("three", text(session.result("tools/call",
                "{\"name\":\"keep_blocking\",\"arguments\":{\"text\":\"three\"}}")));

        assertEquals(4, kept.size());
        java.util.Set<dev.tachyon.api.ToolCall> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(kept);
        assertEquals(4, distinct.size(), "a call object per call");
        for (int k = 0; k < 2; k++) {
            dev.tachyon.api.ToolCall inPlace = kept.get(k);
            assertEquals("keep", inPlace.name(), "the call's own name, after it ended");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> inPlace.arguments().string("text"), "read in place: valid only during the call");
        }
        assertEquals(Map.of(), kept.get(2).arguments().asMap(), "no arguments stay no arguments");
        assertEquals("three", kept.get(3).arguments().string("text"), "a blocking call's arguments are decoded: they stay");
        assertEquals("keep_blocking", kept.get(3).name());
    }

    static String text(Map<String, Object> result) {
        List<Object> content = TestJson.list(result.get("content"), "content");
        return String.valueOf(TestJson.map(content.get(0), "content[0]").get("text"));
    }
}
