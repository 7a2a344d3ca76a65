package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.api.ToolResult;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.testing.MockIssuer;
import dev.tachyon.server.testing.StatelessHttpClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task belongs to the principal that created it: with OAuth on, real signed tokens for two
 * subjects, the other one gets the same "not found" for the task as for an id that never
 * existed, on every task method, and cannot cancel it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TasksPrincipalTest {

    private static final String RESOURCE = "https://mcp.example.test/mcp";

    private static MockIssuer issuer;
    private static TachyonServer server;
    private static StatelessHttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        issuer = MockIssuer.start();
        server = TachyonServer.builder().http("127.0.0.1", 0).ioThreads(2).drainMillis(500)
                .auth(AuthSettings.builder(RESOURCE).authorizationServers(List.of(issuer.issuer())).build())
                .tool(TasksTest.task("echo", call -> ToolResult.text("for " + call.principal().subject())))
                .build().start();
        client = new StatelessHttpClient(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp"));
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
    }

    @Test
    void anotherPrincipalDoesNotFindTheTask() throws Exception {
        String alice = "Bearer " + issuer.token("alice", RESOURCE, 600);
        String bob = "Bearer " + issuer.token("bob", RESOURCE, 600);
        String id = (String) StatelessHttpClient.result(send(alice, "tools/call",
                "\"name\":\"echo\",\"arguments\":{}", "echo")).get("taskId");

        for (String method : List.of("tasks/get", "tasks/update", "tasks/cancel")) {
            String members = "\"taskId\":\"" + id + "\"" + (method.equals("tasks/update") ? ",\"inputResponses\":{}" : "");
            Map<?, ?> hidden = StatelessHttpClient.error(send(bob, method, members, id));
            Map<?, ?> unknown = StatelessHttpClient.error(send(bob, method,
                    members.replace(id, "AAAAAAAAAAAAAAAAAAAAAA"), "AAAAAAAAAAAAAAAAAAAAAA"));
            assertEquals(-32602L, hidden.get("code"), method);
            assertEquals(unknown, hidden, method + ": another's task looks like no task at all");
        }
        Map<?, ?> done;
        do {
            Thread.sleep(20);
            done = StatelessHttpClient.result(send(alice, "tasks/get", "\"taskId\":\"" + id + "\"", id));
        } while ("working".equals(done.get("status")));
        assertEquals("completed", done.get("status"), "bob's cancel did not reach alice's task");
        Map<?, ?> text = (Map<?, ?>) ((List<?>) ((Map<?, ?>) done.get("result")).get("content")).get(0);
        assertEquals("for alice", text.get("text"));
    }

    private static HttpResponse<String> send(String authorization, String method, String members, String name)
            throws Exception {
        return client.send(client.post(method, members, TasksTest.EXTENSION, name).header("Authorization",
                authorization));
    }
}
