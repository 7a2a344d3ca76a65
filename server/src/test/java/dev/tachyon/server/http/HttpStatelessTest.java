package dev.tachyon.server.http;

import dev.tachyon.server.testing.SseReader;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.McpHttpClient;
import static dev.tachyon.server.testing.StatelessMeta.ALL_CAPABILITIES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.ToolCall;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.StatelessMeta;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stateless revision (2026-07-28) over Streamable HTTP: independent POSTs without sessions,
 * each validation error with its status, SSE answers for calls that say something first, POST
 * only, and the stateful revision still served beside it on the same endpoint.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpStatelessTest {

    private static TachyonServer server;
    private static StatelessHttpClient client;
    private static McpHttpClient sessions;

    @BeforeAll
    static void start() throws InterruptedException {
        server = ConformanceFixture.register(TachyonServer.builder().http("127.0.0.1", 0).ioThreads(2).drainMillis(500),
                ToolCall::disconnect).build().start();
        URI uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
        client = new StatelessHttpClient(uri);
        sessions = new McpHttpClient(uri);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoverIsAnsweredWithoutASession() throws Exception {
        HttpResponse<String> r = client.send(client.post("server/discover", "", "{}", null));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty(), "no sessions in this revision");
        Map<?, ?> result = StatelessHttpClient.result(r);
        assertEquals("complete", result.get("resultType"));
        assertEquals("public", result.get("cacheScope"));
    }

    @Test
    void validationErrorsCarryTheRequestIdAndTheirStatus() throws Exception {
        HttpResponse<String> noMeta = client.send(client.raw("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/list\","
                + "\"params\":{}}").header("MCP-Protocol-Version", StatelessMeta.VERSION).header("Mcp-Method", "tools/list"));
        assertStatusAndCode(noMeta, 400, -32602);
        assertEquals(77L, McpHttpClient.json(noMeta.body()).get("id"));

        assertStatusAndCode(client.send(client.post("tools/list", "", "{}", null)
                .setHeader("MCP-Protocol-Version", "2025-11-25")), 400, -32020);
        HttpRequest.Builder noVersionHeader = client.raw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":" + StatelessMeta.params("") + "}").header("Mcp-Method", "tools/list");
        assertStatusAndCode(client.send(noVersionHeader), 400, -32020);

        String future = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
                + StatelessMeta.params("").replace(StatelessMeta.VERSION, "2099-01-01") + "}";
        HttpResponse<String> unsupported = client.send(client.raw(future).header("MCP-Protocol-Version", "2099-01-01")
                .header("Mcp-Method", "tools/list"));
        assertStatusAndCode(unsupported, 400, -32022);
        assertEquals("2099-01-01", ((Map<?, ?>) StatelessHttpClient.error(unsupported).get("data")).get("requested"));

        for (String removed : List.of("initialize", "ping", "logging/setLevel", "resources/subscribe", "unknown/method")) {
            assertStatusAndCode(client.send(client.post(removed, "", "{}", null)), 404, -32601);
        }
        HttpResponse<String> missing = client.send(client.post("tools/call", "\"name\":\"test_missing_capability\"",
                "{}", "test_missing_capability"));
        assertStatusAndCode(missing, 400, -32021);
        assertStatusAndCode(client.send(client.post("resources/read", "\"uri\":\"test://nope\"", "{}", "test://nope")),
                400, -32602);
    }

    @Test
    void getAndDeleteAre405WithoutASession() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(sessions.uri()).header("Accept", "text/event-stream")
                .header("MCP-Protocol-Version", StatelessMeta.VERSION).GET());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> delete = client.send(HttpRequest.newBuilder(sessions.uri()).DELETE());
        assertEquals(405, delete.statusCode());
    }

    @Test
    void aCallThatLogsIsAnsweredAsAnEventStreamWithItsResultLast() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":"
                + StatelessMeta.withLogLevel("\"name\":\"test_logging_tool\"", "info") + "}";
        HttpResponse<InputStream> r = client.stream(client.raw(body).header("MCP-Protocol-Version", StatelessMeta.VERSION)
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "test_logging_tool"));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        List<Map<String, Object>> messages = new ArrayList<>();
        try (SseReader events = new SseReader(r.body())) {
            for (SseReader.Event e; (e = events.nextWithData()) != null; ) {
                assertNull(e.id(), "stateless streams are not resumable: no event ids");
                messages.add(McpHttpClient.json(e.data()));
            }
        }
        assertEquals(4, messages.size(), messages::toString);
        for (int i = 0; i < 3; i++) {
            assertEquals("notifications/message", messages.get(i).get("method"));
        }
        assertEquals(5L, messages.get(3).get("id"));
        assertEquals("complete", ((Map<?, ?>) messages.get(3).get("result")).get("resultType"));
    }

    @Test
    void aNotificationIsAccepted() throws Exception {
        HttpResponse<String> r = client.send(client.raw("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":9}}").header("MCP-Protocol-Version", StatelessMeta.VERSION)
                .header("Mcp-Method", "notifications/cancelled"));
        assertEquals(202, r.statusCode());
    }

    @Test
    void inputRequiredRoundsGoOverAnyConnection() throws Exception {
        HttpResponse<String> first = client.send(client.post("tools/call",
                "\"name\":\"test_input_required_result_request_state\"", ALL_CAPABILITIES,
                "test_input_required_result_request_state"));
        Map<?, ?> asked = StatelessHttpClient.result(first);
        assertEquals("input_required", asked.get("resultType"));
        // A new client, a new connection: the state is all the server needs.
        StatelessHttpClient other = new StatelessHttpClient(sessions.uri());
        HttpResponse<String> done = other.send(other.post("tools/call",
                "\"name\":\"test_input_required_result_request_state\",\"requestState\":\"" + asked.get("requestState")
                        + "\",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}",
                ALL_CAPABILITIES, "test_input_required_result_request_state"));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("complete", StatelessHttpClient.result(done).get("resultType"));
        HttpResponse<String> tampered = other.send(other.post("tools/call",
                "\"name\":\"test_input_required_result_request_state\",\"requestState\":\"x" + asked.get("requestState")
                        + "\"", ALL_CAPABILITIES, "test_input_required_result_request_state"));
        assertStatusAndCode(tampered, 400, -32602);
    }

    @Test
    void theStatefulRevisionIsServedBesideIt() throws Exception {
        String session = sessions.initialize();
        HttpResponse<String> ping = sessions.send(sessions.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"));
        assertEquals(200, ping.statusCode());
        assertEquals(Map.of(), McpHttpClient.json(ping.body()).get("result"));
        HttpResponse<String> list = sessions.send(sessions.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}"));
        assertFalse(((Map<?, ?>) McpHttpClient.json(list.body()).get("result")).containsKey("resultType"));
        // An initialize with stateless _meta is a stateless request, where initialize does not exist.
        HttpResponse<String> modernInitialize = client.send(client.post("initialize", "\"protocolVersion\":\"2025-11-25\"",
                "{}", null).setHeader("MCP-Protocol-Version", StatelessMeta.VERSION));
        assertStatusAndCode(modernInitialize, 404, -32601);
    }

    static void assertStatusAndCode(HttpResponse<String> response, int status, int code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals((long) code, StatelessHttpClient.error(response).get("code"), response.body());
    }
}
