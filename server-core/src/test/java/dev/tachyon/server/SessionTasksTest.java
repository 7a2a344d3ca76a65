package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.McpException;
import dev.tachyon.api.TaskSupport;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.tasks.TaskLimits;
import dev.tachyon.server.testing.HttpTestClient;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.McpTestClient;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.SseReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The experimental tasks of 2025-11-25 in sessions, on real sockets over TCP and Streamable
 * HTTP, and over stdio (piped streams into the stdio transport): the capability and {@code execution.taskSupport}, task-augmented calls, every task
 * method, the errors the revision names, pagination, TTL expiry, cancellation reaching the
 * handler, and {@code tasks/result} parked on a slow task while the server answers others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTasksTest {

    private static final long MAX_TTL_MS = 30_000;
    private static final String TASK = ",\"task\":{\"ttl\":60000}";

    /** Opened by a test to let "gate" calls finish; each gate call waits on the latch current when it started. */
    private static volatile CountDownLatch gate = new CountDownLatch(1);
    private static volatile CountDownLatch gateRunning = new CountDownLatch(1);
    private static volatile CountDownLatch gateInterrupted = new CountDownLatch(1);

    private static TachyonServer server;
    private static URI uri;

    @BeforeAll
    static void start() throws InterruptedException {
        EngineSettings settings = EngineSettings.builder().pageSize(2)
                .taskLimits(new TaskLimits(1000, 1 << 16, 8L << 20, Duration.ofSeconds(20), Duration.ofMillis(MAX_TTL_MS),
                        Duration.ofMillis(250)))
                .build();
        server = TachyonServer.builder().http("127.0.0.1", 0).tcp("127.0.0.1", 0).ioThreads(2).drainMillis(500)
                .settings(settings)
                .tool(tool("echo", TaskSupport.OPTIONAL, call -> ToolResult.text("echo " + call.arguments().string("text", ""))))
                .tool(tool("must", TaskSupport.REQUIRED, call -> ToolResult.text("as a task")))
                .tool(tool("plain", TaskSupport.FORBIDDEN, call -> ToolResult.text("direct")))
                .tool(tool("oops", TaskSupport.OPTIONAL, call -> ToolResult.error("it went wrong")))
                .tool(tool("boom", TaskSupport.OPTIONAL, call -> {
                    throw new McpException(-32050, "the tool refused", Map.of("why", "test"));
                }))
                .tool(tool("gate", TaskSupport.OPTIONAL, call -> {
                    CountDownLatch mine = gate;
                    gateRunning.countDown();
                    try {
                        mine.await();
                    } catch (InterruptedException e) {
                        gateInterrupted.countDown();
                        throw e;
                    }
                    return ToolResult.text("opened");
                }))
                .tool(tool("ask", TaskSupport.OPTIONAL, call -> {
                    Map<String, Object> answer = call.elicit(Map.of("message", "Your name?", "requestedSchema",
                            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))));
                    return ToolResult.text("hello " + ((Map<?, ?>) answer.get("content")).get("name"));
                }))
                .tool(tool("greet", TaskSupport.OPTIONAL, call -> {
                    Map<String, Object> answer = call.inputResponses().get("name");
                    if (answer == null) { // the handler of a multi round-trip call: the same one serves a task
                        return ToolResult.inputRequired(dev.tachyon.api.InputRequired.of("name",
                                dev.tachyon.api.InputRequest.elicit("Your name?", Map.of("type", "object"))));
                    }
                    return ToolResult.text("hello " + ((Map<?, ?>) answer.get("content")).get("name"));
                }))
                .tool(Tool.builder("inline").description("An inline tool of the test")
                        .inline((call, out) -> out.text("inline")).build())
                .build().start();
        uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
    }

    @AfterAll
    static void stop() {
        gate.countDown();
        server.close();
    }

    private static Tool tool(String name, TaskSupport support, dev.tachyon.api.BlockingToolHandler handler) {
        return Tool.builder(name).description("A tool of the test: " + name)
                .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                .taskSupport(support).blocking(handler).build();
    }

    private static McpTestClient open(String transport) throws Exception {
        if (transport.equals("http")) {
            return HttpTestClient.session(uri, "{}");
        }
        if (transport.equals("stdio")) { // the transport a spawned server runs, on piped streams
            java.io.PipedInputStream serverIn = new java.io.PipedInputStream(1 << 16);
            java.io.PipedOutputStream toServer = new java.io.PipedOutputStream(serverIn);
            java.io.PipedInputStream fromServer = new java.io.PipedInputStream(1 << 16);
            java.io.PipedOutputStream serverOut = new java.io.PipedOutputStream(fromServer);
            dev.tachyon.server.stdio.StdioTransport stdio = dev.tachyon.server.stdio.StdioTransport.start(
                    ServerInternals.engine(server), serverIn, serverOut, 1 << 20);
            NdjsonClient client = NdjsonClient.over(fromServer, toServer, () -> {
                toServer.close();
                assertTrue(stdio.awaitEnd(10, TimeUnit.SECONDS), "the stdio session ends with its input");
                serverOut.close();
            });
            client.initialize("{}");
            return client;
        }
        NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress());
        tcp.initialize("{}");
        return tcp;
    }

    private static Map<String, Object> startTask(McpTestClient client, String tool, String arguments) {
        Map<String, Object> created = client.result("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments
                + TASK + "}");
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) created.get("task");
        assertNotNull(task, "a CreateTaskResult: " + created);
        return task;
    }

    private static String params(String id) {
        return "{\"taskId\":\"" + id + "\"}";
    }

    private static String text(Map<?, ?> result) {
        return (String) ((Map<?, ?>) ((List<?>) result.get("content")).get(0)).get("text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "stdio"})
    void a2025SessionIsOfferedTasksAndEachToolSaysWhetherItRunsAsOne(String transport) throws Exception {
        try (McpTestClient client = open(transport)) {
            Map<String, Object> tools = client.result("tools/list", "{}");
            Map<String, Object> byName = new java.util.HashMap<>();
            String cursor = null;
            do {
                for (Object t : (List<?>) tools.get("tools")) {
                    byName.put((String) ((Map<?, ?>) t).get("name"), t);
                }
                cursor = (String) tools.get("nextCursor");
                if (cursor != null) {
                    tools = client.result("tools/list", "{\"cursor\":\"" + cursor + "\"}");
                }
            } while (cursor != null);
            assertEquals(Map.of("taskSupport", "optional"), ((Map<?, ?>) byName.get("echo")).get("execution"));
            assertEquals(Map.of("taskSupport", "required"), ((Map<?, ?>) byName.get("must")).get("execution"));
            assertNull(((Map<?, ?>) byName.get("plain")).get("execution"), "absent means forbidden");
        }
        try (NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress())) {
            Map<String, Object> init = tcp.result("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
            assertEquals(Map.of("list", Map.of(), "cancel", Map.of(), "requests", Map.of("tools", Map.of("call", Map.of()))),
                    ((Map<?, ?>) init.get("capabilities")).get("tasks"));
        }
        try (NdjsonClient old = NdjsonClient.connect(server.tcpAddress())) {
            Map<String, Object> init = old.result("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
            assertNull(((Map<?, ?>) init.get("capabilities")).get("tasks"), "2025-06-18 has no tasks");
            old.notify("notifications/initialized", null);
            assertEquals(-32601L, ((Number) old.error("tasks/get", params("x")).get("code")).longValue());
            Map<String, Object> direct = old.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"old\"}" + TASK + "}");
            assertEquals("echo old", text(direct), "a revision without tasks ignores params.task");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "stdio"})
    void aTaskRunsToItsResultThroughEveryMethod(String transport) throws Exception {
        try (McpTestClient client = open(transport)) {
            Map<String, Object> task = startTask(client, "echo", "{\"text\":\"hi\"}");
            String id = (String) task.get("taskId");
            assertEquals("working", task.get("status"));
            assertEquals(MAX_TTL_MS, ((Number) task.get("ttl")).longValue(), "60 s asked, clamped to max-ttl");
            assertEquals(250L, ((Number) task.get("pollInterval")).longValue());
            assertNotNull(task.get("createdAt"));
            assertNotNull(task.get("lastUpdatedAt"));

            Map<String, Object> result = client.result("tasks/result", params(id));
            assertEquals("echo hi", text(result));
            assertEquals(Map.of("io.modelcontextprotocol/related-task", Map.of("taskId", id)), result.get("_meta"));
            assertNull(result.get("resultType"), "a 2025-11-25 result");

            Map<String, Object> got = client.result("tasks/get", params(id));
            assertEquals("completed", got.get("status"));
            assertNull(got.get("result"), "the result is tasks/result's");

            Map<String, Object> refused = client.error("tasks/cancel", params(id));
            assertEquals(-32602L, ((Number) refused.get("code")).longValue(), "a completed task refuses cancel");
            assertEquals(-32602L, ((Number) client.error("tasks/get", params("AAAAAAAAAAAAAAAAAAAAAA")).get("code"))
                    .longValue());

            // An isError result ends the task failed, and tasks/result answers that very result.
            String oops = (String) startTask(client, "oops", "{}").get("taskId");
            Map<String, Object> failed = client.result("tasks/result", params(oops));
            assertEquals(Boolean.TRUE, failed.get("isError"));
            assertEquals("failed", client.result("tasks/get", params(oops)).get("status"));
            // A protocol error of the handler is what tasks/result answers, as the call would have.
            String boom = (String) startTask(client, "boom", "{}").get("taskId");
            Map<String, Object> error = client.error("tasks/result", params(boom));
            assertEquals(-32050L, ((Number) error.get("code")).longValue());
            assertEquals(Map.of("why", "test"), error.get("data"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "stdio"})
    void theRevisionsErrorsForToolsThatForbidOrRequireTasks(String transport) throws Exception {
        try (McpTestClient client = open(transport)) {
            Map<String, Object> required = client.error("tools/call", "{\"name\":\"must\",\"arguments\":{}}");
            assertEquals(-32601L, ((Number) required.get("code")).longValue());
            assertTrue(((String) required.get("message")).contains("Task augmentation required"), required.toString());
            for (String tool : List.of("plain", "inline")) {
                Map<String, Object> forbidden = client.error("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}"
                        + TASK + "}");
                assertEquals(-32601L, ((Number) forbidden.get("code")).longValue(), tool);
            }
            assertEquals("direct", text(client.result("tools/call", "{\"name\":\"plain\",\"arguments\":{}}")));
            assertEquals(-32602L, ((Number) client.error("tools/call",
                    "{\"name\":\"echo\",\"arguments\":{},\"task\":{\"ttl\":\"soon\"}}").get("code")).longValue());
            String must = (String) startTask(client, "must", "{}").get("taskId");
            assertEquals("as a task", text(client.result("tasks/result", params(must))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "stdio"})
    void tasksListPagesOnlyTheCallersTasksWithAnOpaqueCursor(String transport) throws Exception {
        try (McpTestClient client = open(transport); McpTestClient other = open(transport)) {
            Set<String> mine = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                mine.add((String) startTask(client, "echo", "{}").get("taskId"));
            }
            String theirs = (String) startTask(other, "echo", "{}").get("taskId");
            Set<String> listed = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                Map<String, Object> page = client.result("tasks/list", cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}");
                List<?> tasks = (List<?>) page.get("tasks");
                assertTrue(tasks.size() <= 2, "page size 2: " + tasks.size());
                for (Object t : tasks) {
                    assertTrue(listed.add((String) ((Map<?, ?>) t).get("taskId")), "each task once");
                }
                cursor = (String) page.get("nextCursor");
                pages++;
            } while (cursor != null);
            assertEquals(mine, listed, "anonymous callers see the tasks of their own session only");
            assertEquals(3, pages);
            assertFalse(listed.contains(theirs));
            assertEquals(-32602L, ((Number) client.error("tasks/list", "{\"cursor\":\"not-a-cursor\"}").get("code"))
                    .longValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "stdio"})
    void cancellingARunningTaskStopsItsHandlerAndIsAnnounced(String transport) throws Exception {
        gate = new CountDownLatch(1);
        gateRunning = new CountDownLatch(1);
        gateInterrupted = new CountDownLatch(1);
        try (McpTestClient client = open(transport)) {
            String id = (String) startTask(client, "gate", "{}").get("taskId");
            assertTrue(gateRunning.await(10, TimeUnit.SECONDS));
            assertEquals("working", client.result("tasks/get", params(id)).get("status"));
            Map<String, Object> cancelled = client.result("tasks/cancel", params(id));
            assertEquals("cancelled", cancelled.get("status"));
            assertEquals(id, cancelled.get("taskId"));
            assertTrue(gateInterrupted.await(10, TimeUnit.SECONDS), "the handler saw the cancellation");
            assertEquals("cancelled", client.result("tasks/get", params(id)).get("status"));
            assertEquals(-32602L, ((Number) client.error("tasks/cancel", params(id)).get("code")).longValue());
            assertNotNull(client.error("tasks/result", params(id)).get("code"), "a cancelled task has no result");
            if (client instanceof NdjsonClient tcp) {
                Map<String, Object> note = tcp.awaitMessage(m -> "notifications/tasks/status".equals(m.get("method"))
                        && id.equals(((Map<?, ?>) m.get("params")).get("taskId"))
                        && "cancelled".equals(((Map<?, ?>) m.get("params")).get("status")));
                assertEquals(id, ((Map<?, ?>) note.get("params")).get("taskId"));
            }
        }
    }

    @Test
    void tasksResultWaitsForASlowTaskWhileTheServerAnswersOthersOverTcp() throws Exception {
        gate = new CountDownLatch(1);
        gateRunning = new CountDownLatch(1);
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            String id = (String) startTask(client, "gate", "{}").get("taskId");
            CompletableFuture<Map<String, Object>> waiting = client.requestAsync("tasks/result", params(id));
            assertTrue(gateRunning.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) { // on the same connection, while tasks/result is parked
                assertEquals("working", client.result("tasks/get", params(id)).get("status"));
                assertEquals("echo more", text(client.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"more\"}}")));
            }
            assertFalse(waiting.isDone(), "tasks/result waits until the task ends");
            gate.countDown();
            Map<String, Object> result = waiting.get(10, TimeUnit.SECONDS);
            assertEquals("opened", text((Map<?, ?>) result.get("result")));
            Map<String, Object> note = client.awaitMessage(m -> "notifications/tasks/status".equals(m.get("method"))
                    && id.equals(((Map<?, ?>) m.get("params")).get("taskId")));
            assertEquals("completed", ((Map<?, ?>) note.get("params")).get("status"));
            assertNull(((Map<?, ?>) note.get("params")).get("_meta"), "the notification names the task itself");
        }
    }

    @Test
    void overHttpATaskOutlivesItsClientAndIsFetchedOnTheSameSessionFromANewConnection() throws Exception {
        gate = new CountDownLatch(1);
        gateRunning = new CountDownLatch(1);
        String session;
        String id;
        HttpTestClient first = HttpTestClient.session(uri, "{}"); // dropped, not closed: close() would end the session
        session = first.sessionId();
        id = (String) startTask(first, "gate", "{}").get("taskId");
        assertTrue(gateRunning.await(10, TimeUnit.SECONDS));
        McpHttpClient second = new McpHttpClient(uri); // another HttpClient: new connections
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return second.send(second.post(session,
                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/result\",\"params\":" + params(id) + "}"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> ping = second.send(second.post(session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}"));
        assertEquals(200, ping.statusCode(), "the server answers others while tasks/result waits");
        assertFalse(waiting.isDone());
        gate.countDown();
        HttpResponse<String> result = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(200, result.statusCode(), result.body());
        assertTrue(result.body().contains("\"opened\""), result.body());
        assertTrue(result.body().contains("io.modelcontextprotocol/related-task"), result.body());
    }

    @Test
    void aTaskAsksItsClientThroughTheSessionShowingInputRequiredMeanwhile() throws Exception {
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{\"elicitation\":{}}");
            java.util.List<Map<String, Object>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.onServerRequest((method, params) -> {
                asked.add(Map.of("method", method, "params", params));
                return Map.of("action", "accept", "content", Map.of("name", "Ada"));
            });
            String greet = (String) startTask(client, "greet", "{}").get("taskId");
            assertEquals("hello Ada", text(client.result("tasks/result", params(greet))), "input-required rounds too");
            String id = (String) startTask(client, "ask", "{}").get("taskId");
            assertEquals("hello Ada", text(client.result("tasks/result", params(id))));
            asked.remove(0);
            assertEquals(1, asked.size());
            assertEquals("elicitation/create", asked.get(0).get("method"));
            Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) asked.get(0).get("params")).get("_meta");
            assertEquals(Map.of("taskId", id), meta.get("io.modelcontextprotocol/related-task"));
            // This task's own completed notification: the greet task's came earlier, and the
            // tasks/result answer may overtake the notification.
            client.awaitMessage(m -> "notifications/tasks/status".equals(m.get("method"))
                    && id.equals(((Map<?, ?>) m.get("params")).get("taskId"))
                    && "completed".equals(((Map<?, ?>) m.get("params")).get("status")));
            List<String> statuses = new java.util.ArrayList<>();
            int askedAt = -1;
            for (Map<String, Object> m : client.received()) {
                if ("notifications/tasks/status".equals(m.get("method"))
                        && id.equals(((Map<?, ?>) m.get("params")).get("taskId"))) {
                    statuses.add((String) ((Map<?, ?>) m.get("params")).get("status"));
                } else if ("elicitation/create".equals(m.get("method"))) {
                    askedAt = statuses.size();
                }
            }
            assertEquals(List.of("input_required", "working", "completed"), statuses);
            assertEquals(1, askedAt, "the task shows input_required before it asks");
        }
    }

    @Test
    void overHttpATaskAsksOnTheSessionStreamWhenNoTasksResultIsWaitingAndRunsOnWithTheAnswer() throws Exception {
        HttpTestClient client = HttpTestClient.session(uri, "{\"elicitation\":{}}");
        McpHttpClient raw = new McpHttpClient(uri);
        HttpResponse<java.io.InputStream> get = raw.stream(raw.get(client.sessionId(), null));
        assertEquals(200, get.statusCode());
        try (SseReader sse = new SseReader(get.body())) {
            assertTrue(sse.next().isPriming());
            String id = (String) startTask(client, "ask", "{}").get("taskId");
            // No tasks/result is parked on the task, so its question has no POST stream to ride: it
            // goes out on the session's GET stream, carrying the related-task _meta.
            Map<String, Object> asked = null;
            for (SseReader.Event e; asked == null && (e = sse.nextWithData()) != null; ) {
                Map<String, Object> m = McpHttpClient.json(e.data());
                if ("elicitation/create".equals(m.get("method"))) {
                    asked = m;
                }
            }
            assertNotNull(asked, "the question arrives on the GET stream");
            Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) asked.get("params")).get("_meta");
            assertEquals(Map.of("taskId", id), meta.get("io.modelcontextprotocol/related-task"));
            assertEquals("input_required", client.result("tasks/get", params(id)).get("status"));
            Object askedId = asked.get("id");
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + (askedId instanceof String ? "\"" + askedId + "\"" : askedId)
                    + ",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Grace\"}}}";
            assertEquals(202, raw.send(raw.post(client.sessionId(), answer)).statusCode(), "the answer is accepted");
            assertEquals("hello Grace", text(client.result("tasks/result", params(id))));
        } finally {
            client.close();
        }
    }

    @Test
    void aTaskIsGoneAtItsTtlAndAParkedResultSaysSo() throws Exception {
        gate = new CountDownLatch(1);
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            Map<String, Object> created = client.result("tools/call",
                    "{\"name\":\"gate\",\"arguments\":{},\"task\":{\"ttl\":300}}");
            String id = (String) ((Map<?, ?>) created.get("task")).get("taskId");
            assertEquals(300L, ((Number) ((Map<?, ?>) created.get("task")).get("ttl")).longValue());
            Map<String, Object> error = client.error("tasks/result", params(id)); // parked until the sweep drops it
            assertEquals(-32602L, ((Number) error.get("code")).longValue());
            assertTrue(((String) error.get("message")).contains("expired"), error.toString());
            assertEquals(-32602L, ((Number) client.error("tasks/get", params(id)).get("code")).longValue());
        } finally {
            gate.countDown();
        }
    }

    @Test
    void overTcpATaskOutlivesItsConnectionAndAnotherSessionOfTheSamePrincipalFetchesItById() throws Exception {
        String id;
        try (NdjsonClient first = NdjsonClient.connect(server.tcpAddress())) {
            first.initialize("{}");
            id = (String) startTask(first, "echo", "{\"text\":\"later\"}").get("taskId");
        }
        try (NdjsonClient second = NdjsonClient.connect(server.tcpAddress())) {
            second.initialize("{}");
            assertEquals("echo later", text(second.result("tasks/result", params(id))));
        }
    }
}
