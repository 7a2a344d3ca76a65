package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.TaskSupport;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.tasks.TaskLimits;
import dev.tachyon.server.tasks.TaskStore;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a 2025-11-25 client can make the server hold through tasks, on a real socket: a flood
 * of task-augmented calls is refused at {@code max-tasks} with a clear error and the store's
 * memory returns at the TTL; parked {@code tasks/result} requests count against
 * {@code max-in-flight-per-session}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTasksBoundsTest {

    private static final int MAX_TASKS = 4;
    private static final int MAX_IN_FLIGHT = 3;
    private static final CountDownLatch GATE = new CountDownLatch(1);

    private static TachyonServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        Duration ttl = Duration.ofSeconds(2);
        EngineSettings settings = EngineSettings.builder().maxInFlightPerSession(MAX_IN_FLIGHT)
                .taskLimits(new TaskLimits(MAX_TASKS, 4096, 1L << 20, ttl, ttl, Duration.ofMillis(100)))
                .build();
        server = TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(2).drainMillis(500).settings(settings)
                .tool(TasksTest.task("echo", call -> ToolResult.text("echo")))
                .tool(dev.tachyon.api.Tool.builder("gate").description("Waits for the test")
                        .taskSupport(TaskSupport.OPTIONAL).blocking(call -> {
                            GATE.await();
                            return ToolResult.text("opened");
                        }).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        GATE.countDown();
        server.close();
    }

    private static long code(Map<String, Object> error) {
        return ((Number) error.get("code")).longValue();
    }

    @Test
    void aFloodOfTaskAugmentedCallsIsRefusedAtMaxTasksAndTheMemoryReturnsAtTheTtl() throws Exception {
        TaskStore store = server.engine().tasks();
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            int created = 0;
            List<Map<String, Object>> refusals = new ArrayList<>();
            for (int i = 0; i < 10 * MAX_TASKS; i++) {
                Map<String, Object> response = client.request("tools/call",
                        "{\"name\":\"echo\",\"arguments\":{},\"task\":{}}");
                if (response.containsKey("result")) {
                    created++;
                } else {
                    refusals.add(TestJson.map(response.get("error"), "refusal"));
                }
                assertTrue(store.size() <= MAX_TASKS, "never more than max-tasks held: " + store.size());
            }
            assertEquals(MAX_TASKS, created, "the TTL outlasts the flood: exactly max-tasks get in");
            Map<String, Object> refusal = refusals.get(0);
            assertEquals(-32001L, code(refusal));
            assertEquals("Task store full: too many tasks held", refusal.get("message"));
            assertEquals(Map.of("reason", "max-tasks", "limit", (long) MAX_TASKS, "retryAfterMs", 1000L), refusal.get("data"));
            assertTrue(store.storeBytes() > 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((store.size() > 0 || store.storeBytes() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(50); // no request: the server's own sweep drops them
            }
            assertEquals(0, store.size(), "every task dropped at its TTL");
            assertEquals(0, store.storeBytes(), "and its memory returned");
            assertTrue(client.request("tools/call", "{\"name\":\"echo\",\"arguments\":{},\"task\":{}}")
                    .containsKey("result"), "the store takes tasks again");
        }
    }

    @Test
    void parkedTaskResultsCountAgainstTheSessionsInFlightBound() throws Exception {
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            Map<String, Object> created = client.result("tools/call",
                    "{\"name\":\"gate\",\"arguments\":{},\"task\":{\"ttl\":600}}");
            String id = (String) ((Map<?, ?>) created.get("task")).get("taskId");
            List<CompletableFuture<Map<String, Object>>> parked = new ArrayList<>();
            for (int i = 0; i < MAX_IN_FLIGHT; i++) {
                parked.add(client.requestAsync("tasks/result", "{\"taskId\":\"" + id + "\"}"));
            }
            Map<String, Object> refused = client.error("tasks/result", "{\"taskId\":\"" + id + "\"}");
            assertEquals(-32001L, code(refused));
            assertEquals("max-in-flight-per-session", ((Map<?, ?>) refused.get("data")).get("reason"));
            for (CompletableFuture<Map<String, Object>> waiting : parked) {
                Map<String, Object> answer = waiting.get(20, TimeUnit.SECONDS); // the TTL drops the task: each is told
                assertEquals(-32602L, code(TestJson.map(answer.get("error"), "tasks/result")));
            }
            assertTrue(client.request("ping", null).containsKey("result"), "the session serves on");
        }
    }
}
