package dev.tachyon.server.engine;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.TestCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every catalog method on the engine alone, with the exact shapes it answers: lists with
 * pagination, calls, reads, prompts, completion, log levels, catalog changes. (Was TcpMethodsTest,
 * which asserted the same through a socket.)
 */
class EngineMethodsTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start(TestCatalog.settings().pageSize(3));
    private final EngineSession session = harness.initialized("{}");

    @Test
    @SuppressWarnings("unchecked")
    void toolsListPagesWithCursorsAndRejectsABadCursor() {
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = session.result("tools/list", cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}");
            for (Object tool : (List<Object>) page.get("tools")) {
                Map<String, Object> t = (Map<String, Object>) tool;
                names.add((String) t.get("name"));
                assertEquals("object", ((Map<?, ?>) t.get("inputSchema")).get("type"));
            }
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null);
        List<String> all = new TestCatalog().tools().stream().map(Tool::name).toList();
        assertEquals(all, names);
        assertEquals((all.size() + 2) / 3, pages);
        assertEquals(-32602L, session.error("tools/list", "{\"cursor\":\"not-a-cursor\"}").get("code"));
    }

    @Test
    void toolCallsAnswerResultsToolErrorsAndProtocolErrors() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\\n\"}}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\\n\"}]}}",
                session.lastJson());

        Map<String, Object> failed = session.result("tools/call", "{\"name\":\"explode\"}");
        assertEquals(true, failed.get("isError"));
        assertTrue(failed.get("content").toString().contains("boom"));
        Map<String, Object> failedOnWorker = session.result("tools/call", "{\"name\":\"explode_blocking\"}");
        assertEquals(true, failedOnWorker.get("isError"));
        assertTrue(failedOnWorker.get("content").toString().contains("disk on fire"));
        assertEquals(-32602L, session.error("tools/call", "{\"name\":\"strict\"}").get("code"));
        assertEquals(-32602L, session.error("tools/call", "{\"name\":\"nope\"}").get("code"));
        Map<String, Object> invalidInput = session.result("tools/call", "{\"name\":\"echo\",\"arguments\":{}}");
        assertEquals(true, invalidInput.get("isError"), "input validation errors are tool execution errors");
        assertTrue(invalidInput.get("content").toString().contains("missing required argument 'text'"));
    }

    @Test
    void resourcesListReadTemplatesAndNotFound() {
        assertEquals(List.of(Map.of("uri", "test://a", "name", "a", "mimeType", "text/plain")),
                session.result("resources/list", null).get("resources"));
        List<?> templates = (List<?>) session.result("resources/templates/list", null).get("resourceTemplates");
        assertEquals("test://items/{id}", ((Map<?, ?>) templates.get(0)).get("uriTemplate"));
        assertEquals(List.of(Map.of("uri", "test://a", "mimeType", "text/plain", "text", "alpha")),
                session.result("resources/read", "{\"uri\":\"test://a\"}").get("contents"));
        assertEquals("item 42", ((Map<?, ?>) ((List<?>) session.result("resources/read", "{\"uri\":\"test://items/42\"}")
                .get("contents")).get(0)).get("text"));
        Map<String, Object> missing = session.request("resources/read", "{\"uri\":\"test://missing\"}");
        assertEquals(-32002L, errorCode(missing));
        assertEquals(Map.of("uri", "test://missing"), ((Map<?, ?>) missing.get("error")).get("data"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void promptsListGetAndArgumentChecks() {
        Map<String, Object> prompt = (Map<String, Object>) ((List<Object>) session.result("prompts/list", null)
                .get("prompts")).get(0);
        assertEquals("greet", prompt.get("name"));
        assertEquals(List.of(Map.of("name", "name", "description", "who", "required", true)), prompt.get("arguments"));
        assertEquals(List.of(Map.of("role", "user", "content", Map.of("type", "text", "text", "Hello Ada"))),
                session.result("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}").get("messages"));
        assertEquals(-32602L, session.error("prompts/get", "{\"name\":\"greet\"}").get("code"));
        assertEquals(-32602L, session.error("prompts/get", "{\"name\":\"nope\"}").get("code"));
    }

    @Test
    void completionForPromptArgumentsAndTemplateVariables() {
        assertEquals(Map.of("values", List.of("Alan"), "total", 1L, "hasMore", false), session.result("completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"name\",\"value\":\"Al\"}}")
                .get("completion"));
        assertEquals(List.of("41", "42"), ((Map<?, ?>) session.result("completion/complete",
                "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://items/{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"4\"}}")
                .get("completion")).get("values"));
        assertEquals(-32602L, session.error("completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"nope\",\"value\":\"\"}}").get("code"));
    }

    @Test
    void catalogChangesReachInitializedSessionsAsListChanged() {
        harness.engine().catalogs().tools().put(Tool.builder("late").description("added at run time")
                .inline((call, out) -> out.text("x")).build());
        session.awaitNotifications("notifications/tools/list_changed", 1);

        assertTrue(harness.engine().catalogs().tools().remove("late"));
        session.awaitNotifications("notifications/tools/list_changed", 2);

        assertTrue(!harness.engine().catalogs().tools().remove("late"));
        session.drain();
        assertEquals(2, session.notifications("notifications/tools/list_changed").size(), "removing nothing changes nothing");
    }

    @Test
    void setLevelAcceptsKnownLevelsOnly() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", session.lastJson());
        assertEquals(-32602L, session.error("logging/setLevel", "{\"level\":\"loud\"}").get("code"));
    }

    @Test
    void idsComeBackByteIdentical() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"ping\"}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"result\":{}}", session.lastJson());
        session.send("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\u00e9\",\"method\":\"ping\"}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\u00e9\",\"result\":{}}", session.lastJson());
        assertEquals(Map.of(), result(session.awaitResponse("a\"bé")));
    }
}
