package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.server.engine.EngineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every catalog method over a real TCP socket: lists with pagination, calls, reads, prompts, completion. */
class TcpMethodsTest {

    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.builder().settings(EngineSettings.builder().pageSize(3).build()).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LineClient session() throws Exception {
        LineClient c = new LineClient(server.tcpAddress());
        c.initialize("{}");
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolsListPagesWithCursorsAndRejectsABadCursor() throws Exception {
        try (LineClient c = session()) {
            List<String> names = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
                c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + params + "}");
                Map<String, Object> page = result(c.read());
                for (Object tool : (List<Object>) page.get("tools")) {
                    Map<String, Object> t = (Map<String, Object>) tool;
                    names.add((String) t.get("name"));
                    assertEquals("object", ((Map<?, ?>) t.get("inputSchema")).get("type"));
                }
                cursor = (String) page.get("nextCursor");
                pages++;
            } while (cursor != null);
            assertEquals(List.of("echo", "blob", "explode", "explode_blocking", "strict", "sleep", "chatty", "ask"), names);
            assertEquals(3, pages);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"not-a-cursor\"}}");
            assertEquals(-32602L, errorCode(c.read()));
        }
    }

    @Test
    void toolCallsAnswerResultsToolErrorsAndProtocolErrors() throws Exception {
        try (LineClient c = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\\n\"}}}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\\n\"}]}}",
                    c.readLine());
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"explode\"}}");
            Map<String, Object> failed = result(c.read());
            assertEquals(true, failed.get("isError"));
            assertTrue(failed.get("content").toString().contains("boom"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"explode_blocking\"}}");
            Map<String, Object> failedOnWorker = result(c.read());
            assertEquals(true, failedOnWorker.get("isError"));
            assertTrue(failedOnWorker.get("content").toString().contains("disk on fire"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"strict\"}}");
            assertEquals(-32602L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}");
            assertEquals(-32602L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}");
            Map<String, Object> invalidInput = result(c.read());
            assertEquals(true, invalidInput.get("isError"), "input validation errors are tool execution errors");
            assertTrue(invalidInput.get("content").toString().contains("missing required argument 'text'"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourcesListReadTemplatesAndNotFound() throws Exception {
        try (LineClient c = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}");
            List<Object> resources = (List<Object>) result(c.read()).get("resources");
            assertEquals(List.of(Map.of("uri", "test://a", "name", "a", "mimeType", "text/plain")), resources);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/templates/list\"}");
            List<Object> templates = (List<Object>) result(c.read()).get("resourceTemplates");
            assertEquals("test://items/{id}", ((Map<?, ?>) templates.get(0)).get("uriTemplate"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://a\"}}");
            assertEquals(List.of(Map.of("uri", "test://a", "mimeType", "text/plain", "text", "alpha")),
                    result(c.read()).get("contents"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://items/42\"}}");
            assertEquals("item 42", ((Map<?, ?>) ((List<?>) result(c.read()).get("contents")).get(0)).get("text"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://missing\"}}");
            Map<String, Object> missing = c.read();
            assertEquals(-32002L, errorCode(missing));
            assertEquals(Map.of("uri", "test://missing"), ((Map<?, ?>) missing.get("error")).get("data"));
        }
    }

    @Test
    void subscribersHearOfUpdatesUntilTheyUnsubscribe() throws Exception {
        try (LineClient c = session(); LineClient other = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://a\"}}");
            assertEquals(Map.of(), result(c.read()));
            server.resourceUpdated("test://a");
            Map<String, Object> update = c.read();
            assertEquals("notifications/resources/updated", update.get("method"));
            assertEquals(Map.of("uri", "test://a"), update.get("params"));
            assertTrue(other.silentFor(200), "a session that did not subscribe hears nothing");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/unsubscribe\",\"params\":{\"uri\":\"test://a\"}}");
            assertEquals(Map.of(), result(c.read()));
            server.resourceUpdated("test://a");
            assertTrue(c.silentFor(200));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void promptsListGetAndArgumentChecks() throws Exception {
        try (LineClient c = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}");
            Map<String, Object> prompt = (Map<String, Object>) ((List<Object>) result(c.read()).get("prompts")).get(0);
            assertEquals("greet", prompt.get("name"));
            assertEquals(List.of(Map.of("name", "name", "description", "who", "required", true)), prompt.get("arguments"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}}");
            assertEquals(List.of(Map.of("role", "user", "content", Map.of("type", "text", "text", "Hello Ada"))),
                    result(c.read()).get("messages"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"greet\"}}");
            assertEquals(-32602L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"nope\"}}");
            assertEquals(-32602L, errorCode(c.read()));
        }
    }

    @Test
    void completionForPromptArgumentsAndTemplateVariables() throws Exception {
        try (LineClient c = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\","
                    + "\"name\":\"greet\"},\"argument\":{\"name\":\"name\",\"value\":\"Al\"}}}");
            assertEquals(Map.of("values", List.of("Alan"), "total", 1L, "hasMore", false), result(c.read()).get("completion"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/resource\","
                    + "\"uri\":\"test://items/{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"4\"}}}");
            assertEquals(List.of("41", "42"), ((Map<?, ?>) result(c.read()).get("completion")).get("values"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\","
                    + "\"name\":\"greet\"},\"argument\":{\"name\":\"nope\",\"value\":\"\"}}}");
            assertEquals(-32602L, errorCode(c.read()));
        }
    }

    @Test
    void catalogChangesReachInitializedSessionsAsListChanged() throws Exception {
        try (LineClient c = session()) {
            server.addTool(Tool.builder("late").description("added at run time").inline((call, out) -> out.text("x")).build());
            Map<String, Object> changed = c.read();
            assertEquals("notifications/tools/list_changed", changed.get("method"));
            assertTrue(server.removeTool("late"));
            assertEquals("notifications/tools/list_changed", c.read().get("method"));
            assertFalse(server.removeTool("late"));
            assertTrue(c.silentFor(100));
        }
    }

    @Test
    void setLevelAcceptsKnownLevelsOnly() throws Exception {
        try (LineClient c = session()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", c.readLine());
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}");
            assertEquals(-32602L, errorCode(c.read()));
        }
    }
}
