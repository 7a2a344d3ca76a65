package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.McpHttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 2025-11-25 task belongs to the principal of the session that created it: with OAuth on and
 * real signed tokens, another principal's session gets the same "not found" as for an id that
 * never existed on every task method, does not see it in {@code tasks/list}, and cannot cancel it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTasksPrincipalTest {

    private static OwnedTaskServer server;
    private static McpHttpClient http;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new OwnedTaskServer();
        http = new McpHttpClient(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherPrincipalDoesNotFindListOrCancelTheTask() throws Exception {
        String alice = server.bearer("alice");
        String bob = server.bearer("bob");
        String aliceSession = initialize(alice);
        String bobSession = initialize(bob);
        Map<?, ?> created = result(send(alice, aliceSession, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{},\"task\":{}}"));
        String id = (String) ((Map<?, ?>) created.get("task")).get("taskId");

        for (String method : List.of("tasks/get", "tasks/result", "tasks/cancel")) {
            Map<?, ?> hidden = error(send(bob, bobSession, method, "{\"taskId\":\"" + id + "\"}"));
            Map<?, ?> unknown = error(send(bob, bobSession, method, "{\"taskId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}"));
            assertEquals(-32602L, hidden.get("code"), method);
            assertEquals(unknown, hidden, method + ": another's task looks like no task at all");
        }
        assertEquals(List.of(), result(send(bob, bobSession, "tasks/list", "{}")).get("tasks"));
        List<?> listed = (List<?>) result(send(alice, aliceSession, "tasks/list", "{}")).get("tasks");
        assertEquals(id, ((Map<?, ?>) listed.get(0)).get("taskId"));
        Map<?, ?> done = result(send(alice, aliceSession, "tasks/result", "{\"taskId\":\"" + id + "\"}"));
        Map<?, ?> text = (Map<?, ?>) ((List<?>) done.get("content")).get(0);
        assertEquals("for alice", text.get("text"), "bob's cancel did not reach alice's task");
        // Alice's other session (a new connection, the same principal) finds her task.
        String again = initialize(alice);
        assertEquals("completed", result(send(alice, again, "tasks/get", "{\"taskId\":\"" + id + "\"}")).get("status"));
    }

    private static String initialize(String authorization) throws Exception {
        HttpResponse<String> init = http.send(http.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}").header("Authorization", authorization));
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = http.send(http.post(session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").header("Authorization", authorization));
        assertEquals(202, initialized.statusCode());
        return session;
    }

    private static HttpResponse<String> send(String authorization, String session, String method, String params)
            throws Exception {
        return http.send(http.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":"
                + params + "}").header("Authorization", authorization));
    }

    private static Map<?, ?> message(HttpResponse<String> response) {
        String body = response.body();
        if (body.startsWith("event:") || body.startsWith("id:") || body.startsWith("data:")) { // an SSE answer: its last data line
            String[] lines = body.split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (lines[i].startsWith("data:") && lines[i].length() > 6) {
                    body = lines[i].substring(5).trim();
                    break;
                }
            }
        }
        return McpHttpClient.json(body);
    }

    private static Map<?, ?> result(HttpResponse<String> response) {
        Map<?, ?> message = message(response);
        assertTrue(message.containsKey("result"), response.body());
        return (Map<?, ?>) message.get("result");
    }

    private static Map<?, ?> error(HttpResponse<String> response) {
        Map<?, ?> message = message(response);
        assertTrue(message.containsKey("error"), response.body());
        return (Map<?, ?>) message.get("error");
    }
}
