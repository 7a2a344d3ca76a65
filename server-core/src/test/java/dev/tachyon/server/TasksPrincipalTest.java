package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.testing.StatelessHttpClient;
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

    private static OwnedTaskServer server;
    private static StatelessHttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new OwnedTaskServer();
        client = new StatelessHttpClient(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherPrincipalDoesNotFindTheTask() throws Exception {
        String alice = server.bearer("alice");
        String bob = server.bearer("bob");
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
