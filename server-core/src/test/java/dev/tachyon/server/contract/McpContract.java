package dev.tachyon.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.testing.ContractServer;
import dev.tachyon.server.testing.McpTestClient;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP behaviour that holds on every transport, asserted once: each subclass says only how to
 * open a client ({@link #connect}), and every test here runs on TCP, stdio, Streamable HTTP in
 * a 2025-11-25 session and Streamable HTTP in the stateless 2026-07-28 revision. Transport tests
 * (tcp/, http/, hostile/) keep what only their transport has: framing, limits, HTTP status
 * codes and headers, SSE resumption.
 */
abstract class McpContract {

    static ContractServer server;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = ContractServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        server.closeClients();
    }

    /** A client of this transport, ready for requests. */
    abstract McpTestClient connect();

    /** The code of "Resource not found": {@code -32002} in the stateful revisions (the stateless one overrides). */
    long resourceNotFoundCode() {
        return -32002L;
    }

    @Test
    void anInlineToolAnswers() {
        Map<String, Object> result = connect().result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        assertEquals("hi", text(result));
        assertTrue(result.get("isError") == null || Boolean.FALSE.equals(result.get("isError")), result.toString());
    }

    @Test
    void aBlockingToolAnswers() {
        assertEquals("blocking hi", text(connect().result("tools/call",
                "{\"name\":\"echo_blocking\",\"arguments\":{\"text\":\"hi\"}}")));
    }

    @Test
    void handlerFailuresAreIsErrorResults() {
        McpTestClient client = connect();
        for (String tool : List.of("explode", "explode_blocking", "refuse")) {
            Map<String, Object> result = client.result("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
            assertEquals(Boolean.TRUE, result.get("isError"), tool + ": " + result);
        }
    }

    @Test
    void argumentsThatBreakTheSchemaAreAnIsErrorResult() {
        Map<String, Object> result = connect().result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":7}}");
        assertEquals(Boolean.TRUE, result.get("isError"));
        assertTrue(text(result).startsWith("Invalid arguments for tool 'echo'"), text(result));
    }

    @Test
    void invalidParamsAndUnknownToolsAreJsonRpcErrors() {
        McpTestClient client = connect();
        assertEquals(-32602L, client.error("tools/call", "{\"name\":\"strict\",\"arguments\":{}}").get("code"));
        assertEquals(-32602L, client.error("tools/call", "{\"name\":\"no-such-tool\",\"arguments\":{}}").get("code"));
    }

    @Test
    void anUnknownMethodIsMethodNotFoundNamingIt() {
        Map<String, Object> error = connect().error("tools/frobnicate", "{}");
        assertEquals(-32601L, error.get("code"));
        assertEquals(Map.of("method", "tools/frobnicate"), error.get("data"));
    }

    @Test
    void toolsListPagesCoverTheCatalogInOrder() {
        McpTestClient client = connect();
        List<String> names = new ArrayList<>();
        Map<String, Object> page = client.result("tools/list", null);
        int pages = 1;
        while (true) {
            for (Object tool : TestJson.list(page.get("tools"), "tools")) {
                names.add((String) TestJson.map(tool, "tool").get("name"));
            }
            Object cursor = page.get("nextCursor");
            if (cursor == null) {
                break;
            }
            page = client.result("tools/list", "{\"cursor\":" + TestJson.write(cursor) + "}");
            pages++;
        }
        assertEquals(new TestCatalog().tools().stream().map(Tool::name).toList(), names);
        assertEquals(2, pages, "pages of " + TestCatalog.PAGE_SIZE);
    }

    @Test
    void resourcesAreReadByUriAndTemplate() {
        McpTestClient client = connect();
        assertEquals("alpha", firstContent(client.result("resources/read", "{\"uri\":\"test://a\"}")));
        assertEquals("item 7", firstContent(client.result("resources/read", "{\"uri\":\"test://items/7\"}")));
        Map<String, Object> missing = client.error("resources/read", "{\"uri\":\"test://missing\"}");
        assertEquals(resourceNotFoundCode(), missing.get("code"));
        assertEquals("Resource not found", missing.get("message"));
        assertEquals(Map.of("uri", "test://missing"), missing.get("data"));
    }

    @Test
    void promptsAndCompletionsAreServed() {
        McpTestClient client = connect();
        Map<String, Object> prompt = client.result("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}");
        Map<String, Object> message = TestJson.map(TestJson.list(prompt.get("messages"), "messages").get(0), "message");
        assertEquals("Hello Ada", TestJson.map(message.get("content"), "content").get("text"));

        Map<String, Object> completion = client.result("completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"name\",\"value\":\"A\"}}");
        assertEquals(List.of("Ada", "Alan"), TestJson.map(completion.get("completion"), "completion").get("values"));
    }

    @Test
    void progressGoesOutWithTheCallersTokenBeforeTheResult() {
        McpTestClient client = connect();
        Map<String, Object> result = client.result("tools/call",
                "{\"name\":\"chatty\",\"arguments\":{},\"_meta\":{\"progressToken\":\"tok\"}}");

        assertEquals("done", text(result));
        // The result is read after what came before it on the same stream: both reports are there now.
        List<Map<String, Object>> progress = client.notifications("notifications/progress");
        assertEquals(2, progress.size(), progress.toString());
        for (Map<String, Object> p : progress) {
            assertEquals("tok", TestJson.map(p.get("params"), "params").get("progressToken"));
        }
        assertNull(TestJson.map(progress.get(1).get("params"), "params").get("message"));
    }

    static String text(Map<String, Object> result) {
        return String.valueOf(TestJson.map(TestJson.list(result.get("content"), "content").get(0), "content[0]").get("text"));
    }

    private static String firstContent(Map<String, Object> result) {
        return String.valueOf(TestJson.map(TestJson.list(result.get("contents"), "contents").get(0), "contents[0]").get("text"));
    }
}
