package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.TaskSupport;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.tasks.TaskLimits;
import dev.tachyon.server.tasks.TaskStore;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.StatelessMeta;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tasks extension (2026-07-28) over Streamable HTTP on real sockets: a task outlives the
 * connection that started it, the store refuses a flood at its count bound and gives its
 * memory back at the TTL, a result past its byte bound fails its task instead of being kept,
 * a cancellation stops the work; and over TCP, a task outlives its connection too. Principal binding needs tokens: {@link TasksPrincipalTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TasksTest {

    static final String EXTENSION = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    private static final int MAX_TASKS = 8;
    private static final int MAX_RESULT_BYTES = 2048;
    private static final Duration TTL = Duration.ofMillis(1500);

    private static final CountDownLatch SLEEPING = new CountDownLatch(1);
    private static final CountDownLatch INTERRUPTED = new CountDownLatch(1);
    private static final AtomicBoolean FINISHED = new AtomicBoolean();

    private static TachyonServer server;
    private static URI uri;

    @BeforeAll
    static void start() throws InterruptedException {
        EngineSettings settings = EngineSettings.builder()
                .taskLimits(new TaskLimits(MAX_TASKS, MAX_RESULT_BYTES, 1L << 20, TTL, TTL, Duration.ofMillis(100)))
                .build();
        server = TachyonServer.builder().http("127.0.0.1", 0).tcp("127.0.0.1", 0).ioThreads(2).drainMillis(500).settings(settings)
                .tool(task("echo", call -> ToolResult.text("echo " + call.arguments().string("text", ""))))
                .tool(task("asker", call -> {
                    Map<String, Object> answer = call.inputResponses().get("note");
                    return answer == null ? ToolResult.inputRequired(dev.tachyon.api.InputRequired.of("note",
                            dev.tachyon.api.InputRequest.elicit("A note?", Map.of("type", "object"))))
                            : ToolResult.text("noted " + answer.get("action"));
                }))
                .tool(task("big", call -> ToolResult.text("x".repeat(MAX_RESULT_BYTES * 2))))
                .tool(task("sleeper", call -> {
                    SLEEPING.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        INTERRUPTED.countDown();
                        throw e;
                    }
                    FINISHED.set(true);
                    return ToolResult.text("woke up");
                }))
                .build().start();
        uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Tool task(String name, dev.tachyon.api.BlockingToolHandler handler) {
        return Tool.builder(name).description("A task tool of the test: " + name)
                .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                .taskSupport(TaskSupport.OPTIONAL).blocking(handler).build();
    }

    @Test
    void aTaskStartedOnOneConnectionIsPolledToItsResultOnAnother() throws Exception {
        awaitEmptyStore();
        StatelessHttpClient first = new StatelessHttpClient(uri);
        Map<?, ?> created = StatelessHttpClient.result(call(first, "echo", "{\"text\":\"hi\"}"));
        assertEquals("task", created.get("resultType"));
        String id = (String) created.get("taskId");
        assertEquals(22, id.length(), "128 random bits, URL-safe Base64 without padding: " + id);
        assertEquals(TTL.toMillis(), created.get("ttlMs"));
        assertEquals(100L, created.get("pollIntervalMs"));

        Map<?, ?> done = awaitTerminal(new StatelessHttpClient(uri), id); // a new client: a new connection
        assertEquals("completed", done.get("status"));
        assertEquals("complete", done.get("resultType"));
        Map<?, ?> result = (Map<?, ?>) done.get("result");
        assertEquals("echo hi", ((Map<?, ?>) ((List<?>) result.get("content")).get(0)).get("text"));

        // Mcp-Name carries the task id, and must match it, so that a balancer can route on it.
        HttpResponse<String> mismatch = first.send(first.post("tasks/get", "\"taskId\":\"" + id + "\"", EXTENSION,
                "another-task"));
        assertEquals(400, mismatch.statusCode());
        assertEquals(-32020L, StatelessHttpClient.error(mismatch).get("code"));
    }

    @Test
    void overTcpATaskOutlivesTheConnectionThatStartedIt() throws Exception {
        awaitEmptyStore();
        String id;
        try (NdjsonClient first = NdjsonClient.connect(server.tcpAddress())) {
            Map<String, Object> created = first.result("tools/call", StatelessMeta.params(
                    "\"name\":\"echo\",\"arguments\":{\"text\":\"tcp\"}", EXTENSION));
            assertEquals("task", created.get("resultType"));
            id = (String) created.get("taskId");
        }
        try (NdjsonClient second = NdjsonClient.connect(server.tcpAddress())) {
            Map<String, Object> task;
            do {
                Thread.sleep(20);
                task = second.result("tasks/get", StatelessMeta.params("\"taskId\":\"" + id + "\"", EXTENSION));
            } while ("working".equals(task.get("status")));
            assertEquals("completed", task.get("status"));
            Map<?, ?> text = (Map<?, ?>) ((List<?>) ((Map<?, ?>) task.get("result")).get("content")).get(0);
            assertEquals("echo tcp", text.get("text"));
        }
    }

    @Test
    void aFloodOfTaskCreatingCallsIsRefusedAtTheBoundAndTheMemoryReturnsAtTheTtl() throws Exception {
        awaitEmptyStore();
        TaskStore store = server.engine().tasks();
        long expiredBefore = store.expired();
        StatelessHttpClient client = new StatelessHttpClient(uri);
        List<String> ids = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 5 * MAX_TASKS; i++) {
            HttpResponse<String> r = call(client, "echo", "{\"text\":\"" + i + "\"}");
            Map<?, ?> body = dev.tachyon.server.testing.McpHttpClient.json(r.body());
            if (body.get("result") instanceof Map<?, ?> result) {
                ids.add((String) result.get("taskId"));
            } else {
                Map<?, ?> error = StatelessHttpClient.error(r);
                assertEquals(-31001L, error.get("code"), r.body());
                Map<?, ?> data = (Map<?, ?>) error.get("data");
                assertEquals("max-tasks", data.get("reason"));
                assertEquals((long) MAX_TASKS, data.get("limit"));
                refused++;
            }
        }
        assertEquals(MAX_TASKS, ids.size(), "exactly max-tasks tasks are held");
        assertEquals(4 * MAX_TASKS, refused);
        assertEquals(MAX_TASKS, store.size());
        assertTrue(store.storeBytes() >= MAX_TASKS * (long) TaskLimits.TASK_OVERHEAD_BYTES, "" + store.storeBytes());
        assertEquals(MAX_TASKS, ids.stream().distinct().count());

        Thread.sleep(TTL.toMillis() + 200);
        HttpResponse<String> gone = client.send(client.post("tasks/get", "\"taskId\":\"" + ids.get(0) + "\"", EXTENSION,
                ids.get(0)));
        assertEquals(-32602L, StatelessHttpClient.error(gone).get("code"), "an expired task is not found");
        assertEquals(0, store.size(), "every task expired");
        assertEquals(0, store.storeBytes(), "and its bytes returned");
        assertEquals(expiredBefore + MAX_TASKS, store.expired());
        assertEquals("task", StatelessHttpClient.result(call(client, "echo", "{}")).get("resultType"),
                "the store takes tasks again");
    }

    @Test
    void aResultPastMaxResultBytesFailsItsTaskAndIsNotKept() throws Exception {
        awaitEmptyStore();
        StatelessHttpClient client = new StatelessHttpClient(uri);
        String id = (String) StatelessHttpClient.result(call(client, "big", "{}")).get("taskId");
        Map<?, ?> done = awaitTerminal(client, id);
        assertEquals("failed", done.get("status"));
        assertFalse(done.containsKey("result"));
        Map<?, ?> error = (Map<?, ?>) done.get("error");
        assertEquals(-32603L, error.get("code"));
        assertEquals("task-result-too-large", ((Map<?, ?>) error.get("data")).get("reason"));
        assertTrue(server.engine().tasks().storeBytes() < MAX_RESULT_BYTES, "the result was not kept");
    }

    @Test
    void answersPastTheTasksByteBoundAreRefusedAndTheTaskStillTakesOnesThatFit() throws Exception {
        awaitEmptyStore();
        StatelessHttpClient client = new StatelessHttpClient(uri);
        String id = (String) StatelessHttpClient.result(client.send(client.post("tools/call",
                "\"name\":\"asker\",\"arguments\":{}", "{\"elicitation\":{}," + EXTENSION.substring(1), "asker")))
                .get("taskId");
        Map<?, ?> waiting;
        do {
            Thread.sleep(20);
            waiting = get(client, id);
        } while ("working".equals(waiting.get("status")));
        assertEquals("input_required", waiting.get("status"));
        String huge = "\"inputResponses\":{\"note\":{\"action\":\"accept\",\"content\":{\"text\":\""
                + "y".repeat(MAX_RESULT_BYTES) + "\"}}}";
        Map<?, ?> refused = StatelessHttpClient.error(client.send(client.post("tasks/update",
                "\"taskId\":\"" + id + "\"," + huge, EXTENSION, id)));
        assertEquals(-31001L, refused.get("code"), "-32001 moved out of the range 2026-07-28 reserves");
        assertEquals("task-input-too-large", ((Map<?, ?>) refused.get("data")).get("reason"));
        assertEquals("input_required", get(client, id).get("status"), "the refused answer was not taken");
        assertTrue(server.engine().tasks().storeBytes() < 2L * MAX_RESULT_BYTES, "nor kept");
        StatelessHttpClient.result(client.send(client.post("tasks/update", "\"taskId\":\"" + id
                + "\",\"inputResponses\":{\"note\":{\"action\":\"accept\"}}", EXTENSION, id)));
        Map<?, ?> done = awaitTerminal(client, id);
        assertEquals("completed", done.get("status"));
        Map<?, ?> text = (Map<?, ?>) ((List<?>) ((Map<?, ?>) done.get("result")).get("content")).get(0);
        assertEquals("noted accept", text.get("text"));
    }

    @Test
    void aListenStreamNamingATaskGetsEachStatusChangeAsADetailedTask() throws Exception {
        awaitEmptyStore();
        String caps = "{\"elicitation\":{}," + EXTENSION.substring(1);
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            String id = (String) client.result("tools/call", StatelessMeta.params(
                    "\"name\":\"asker\",\"arguments\":{}", caps)).get("taskId");
            Map<String, Object> refused = client.error("subscriptions/listen", StatelessMeta.params(
                    "\"notifications\":{\"taskIds\":[\"" + id + "\"]}", "{}"));
            assertEquals(-32021L, ((Number) refused.get("code")).longValue(), "task notifications need the extension");
            client.requestAsync("subscriptions/listen", StatelessMeta.params(
                    "\"notifications\":{\"taskIds\":[\"" + id + "\",\"AAAAAAAAAAAAAAAAAAAAAA\"]}", caps));
            Map<String, Object> ack = client.awaitMessage(m -> "notifications/subscriptions/acknowledged".equals(m.get("method")));
            assertEquals(Map.of("taskIds", List.of(id)), ((Map<?, ?>) ack.get("params")).get("notifications"),
                    "only the caller's own tasks are honoured");
            Map<?, ?> waiting;
            do {
                Thread.sleep(20);
                waiting = client.result("tasks/get", StatelessMeta.params("\"taskId\":\"" + id + "\"", caps));
            } while ("working".equals(waiting.get("status")));
            client.result("tasks/update", StatelessMeta.params("\"taskId\":\"" + id
                    + "\",\"inputResponses\":{\"note\":{\"action\":\"accept\"}}", caps));
            Map<String, Object> done = client.awaitMessage(m -> "notifications/tasks".equals(m.get("method"))
                    && "completed".equals(((Map<?, ?>) m.get("params")).get("status")));
            Map<?, ?> params = (Map<?, ?>) done.get("params");
            assertEquals(id, params.get("taskId"));
            Map<?, ?> text = (Map<?, ?>) ((List<?>) ((Map<?, ?>) params.get("result")).get("content")).get(0);
            assertEquals("noted accept", text.get("text"), "the whole DetailedTask, result inlined");
            assertEquals(((Map<?, ?>) ack.get("params")).get("_meta"), params.get("_meta"), "on the listen stream");
            assertTrue(client.notifications("notifications/tasks").stream().anyMatch(
                    m -> "working".equals(((Map<?, ?>) m.get("params")).get("status"))), "working again after the answer");
        }
    }

    @Test
    void cancellingARunningTaskInterruptsItsWork() throws Exception {
        awaitEmptyStore();
        StatelessHttpClient client = new StatelessHttpClient(uri);
        String id = (String) StatelessHttpClient.result(call(client, "sleeper", "{}")).get("taskId");
        assertTrue(SLEEPING.await(10, TimeUnit.SECONDS));
        assertEquals("working", get(client, id).get("status"));
        Map<?, ?> ack = StatelessHttpClient.result(client.send(client.post("tasks/cancel", "\"taskId\":\"" + id + "\"",
                EXTENSION, id)));
        assertEquals(Map.of("resultType", "complete"), ack);
        assertTrue(INTERRUPTED.await(5, TimeUnit.SECONDS), "the worker was interrupted");
        assertFalse(FINISHED.get());
        assertEquals("cancelled", get(client, id).get("status"));
        assertEquals(0, server.engine().tasks().running());
        // Cancelling again, a task that has ended, is the same empty acknowledgement.
        assertEquals(ack, StatelessHttpClient.result(client.send(client.post("tasks/cancel",
                "\"taskId\":\"" + id + "\"", EXTENSION, id))));
    }

    @Test
    void withoutTheExtensionTheCallIsDirectAndTheTaskMethodsAreRefused() throws Exception {
        StatelessHttpClient client = new StatelessHttpClient(uri);
        Map<?, ?> direct = StatelessHttpClient.result(client.send(client.post("tools/call",
                "\"name\":\"echo\",\"arguments\":{\"text\":\"now\"}", "{}", "echo")));
        assertEquals("complete", direct.get("resultType"));
        assertFalse(direct.containsKey("taskId"));
        HttpResponse<String> r = client.send(client.post("tasks/get", "\"taskId\":\"x\"", "{}", "x"));
        Map<?, ?> error = StatelessHttpClient.error(r);
        assertEquals(-32021L, error.get("code"));
        assertEquals(Map.of("requiredCapabilities", Map.of("extensions", Map.of("io.modelcontextprotocol/tasks", Map.of()))),
                error.get("data"));
        HttpResponse<String> removed = client.send(client.post("tasks/result", "\"taskId\":\"x\"", EXTENSION, null));
        assertEquals(-32601L, StatelessHttpClient.error(removed).get("code"));
    }

    static HttpResponse<String> call(StatelessHttpClient client, String tool, String arguments) throws Exception {
        return client.send(client.post("tools/call", "\"name\":\"" + tool + "\",\"arguments\":" + arguments, EXTENSION,
                tool));
    }

    static Map<?, ?> get(StatelessHttpClient client, String id) throws Exception {
        return StatelessHttpClient.result(client.send(client.post("tasks/get", "\"taskId\":\"" + id + "\"", EXTENSION,
                id)));
    }

    static Map<?, ?> awaitTerminal(StatelessHttpClient client, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Map<?, ?> task = get(client, id);
            Object status = task.get("status");
            if ("completed".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
                return task;
            }
            assertNotEquals(true, System.nanoTime() > deadline, "task " + id + " still " + status);
            Thread.sleep(20);
        }
    }

    /** Waits for the tasks of earlier tests to expire, so that each test starts with the store empty. */
    /** With no request after them, expired tasks still leave: the server sweeps the store once a second. */
    @Test
    void anIdleServerReturnsTheMemoryOfExpiredTasks() throws Exception {
        awaitEmptyStore();
        TaskStore store = server.engine().tasks();
        HttpResponse<String> created = call(new StatelessHttpClient(uri), "echo", "{\"text\":\"idle\"}");
        assertEquals("task", ((Map<?, ?>) dev.tachyon.server.testing.McpHttpClient.json(created.body()).get("result"))
                .get("resultType"), created.body());
        assertTrue(store.storeBytes() > 0);
        long deadline = System.nanoTime() + TTL.toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (store.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // no request, no sweep() from the test: only the server's own
        }
        assertEquals(0, store.size(), "the expired task was swept");
        assertEquals(0, store.storeBytes(), "and its bytes returned");
    }

    private static void awaitEmptyStore() throws InterruptedException {
        TaskStore store = server.engine().tasks();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            store.sweep();
            if (store.size() == 0 || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
