package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.WorkerPool;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One session cannot take the workers or the queue from the others (issue 10, item 8): with 4
 * workers, a session's share is 2 running and {@value #QUEUE_SHARE} queued; past that it is
 * refused at once, another session's short call is served while its long ones wait, and the
 * queued calls of a connection that closes leave the queue at once and never take a worker.
 */
@ExtendWith(HostileSuite.class)
class HostileWorkersTest {

    private static final int WORKERS = 4;
    private static final int QUEUE_SHARE = 12;
    /** Calls started, and most running at once, by the {@code tag} argument. */
    private static final Map<String, AtomicInteger> STARTED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST_RUNNING = new ConcurrentHashMap<>();
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .settings(EngineSettings.builder().workerThreads(WORKERS).workerQueueCapacity(100)
                        .workerShares(0, QUEUE_SHARE).toolTimeout(Duration.ofSeconds(30)).build())
                .tool(Tool.builder("sleep").description("sleeps ms milliseconds on a worker, counted by tag")
                        .blocking(call -> {
                            String tag = call.arguments().string("tag");
                            STARTED.computeIfAbsent(tag, t -> new AtomicInteger()).incrementAndGet();
                            int now = RUNNING.computeIfAbsent(tag, t -> new AtomicInteger()).incrementAndGet();
                            MOST_RUNNING.computeIfAbsent(tag, t -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                            try {
                                Thread.sleep(call.arguments().integer("ms"));
                            } finally {
                                RUNNING.get(tag).decrementAndGet();
                            }
                            return ToolResult.text("slept");
                        })
                        .build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sleep(String tag, long ms) {
        return "{\"name\":\"sleep\",\"arguments\":{\"tag\":\"" + tag + "\",\"ms\":" + ms + "}}";
    }

    /** {@code n} pipelined calls of {@code sleep(ms)}, ids from {@code firstId}, as bytes to write. */
    private static byte[] calls(String tag, int firstId, int n, long ms) {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < n; i++) {
            calls.append("{\"jsonrpc\":\"2.0\",\"id\":").append(firstId + i)
                    .append(",\"method\":\"tools/call\",\"params\":").append(sleep(tag, ms)).append("}\n");
        }
        return calls.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int count(Map<String, AtomicInteger> counts, String tag) {
        AtomicInteger n = counts.get(tag);
        return n == null ? 0 : n.get();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what + " (queued "
                    + ServerInternals.engine(server).workers().queueDepth() + ", started " + STARTED + ", running " + RUNNING + ")");
            Thread.sleep(5);
        }
    }

    @Test
    void aFloodingSessionGetsItsShareAndNoMore() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        WorkerPool workers = ServerInternals.engine(server).workers();
        try (NdjsonClient flood = NdjsonClient.connect(server.tcpAddress());
                NdjsonClient polite = NdjsonClient.connect(server.tcpAddress());
                NdjsonClient third = NdjsonClient.connect(server.tcpAddress())) {
            flood.initialize("{}");
            polite.initialize("{}");
            third.initialize("{}");

            // Shape 1, the issue's: eight long calls of one session, then short calls of others.
            List<CompletableFuture<Map<String, Object>>> long1 = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long1.add(flood.requestAsync("tools/call", sleep("flood", 1_500)));
            }
            await("the flood to take its share", () -> count(RUNNING, "flood") == 2);
            for (NdjsonClient other : List.of(polite, third)) {
                long start = System.nanoTime();
                Map<String, Object> answer = other.request("tools/call", sleep("polite", 1));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertNotNull(answer.get("result"), answer::toString);
                assertTrue(millis < 500, "another session's sleep(1) waited " + millis + " ms behind the flood");
            }
            // Two sessions' short calls at once: both run on the two workers the flood cannot take.
            long start = System.nanoTime();
            CompletableFuture<Map<String, Object>> a = polite.requestAsync("tools/call", sleep("pair", 300));
            CompletableFuture<Map<String, Object>> b = third.requestAsync("tools/call", sleep("pair", 300));
            a.get(5, TimeUnit.SECONDS);
            b.get(5, TimeUnit.SECONDS);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 550, "the two ran side by side");
            assertEquals(2, count(MOST_RUNNING, "flood"), "the flood never held more than half the workers");

            // Shape 2: the flood past its queue share is refused at once, with the documented error.
            int queued = workers.queueDepth();
            assertEquals(6, queued, "six of the eight wait");
            List<CompletableFuture<Map<String, Object>>> more = new ArrayList<>();
            for (int i = 0; i < QUEUE_SHARE + 10; i++) {
                more.add(flood.requestAsync("tools/call", sleep("flood", 1)));
            }
            int refused = 0;
            for (CompletableFuture<Map<String, Object>> f : more.subList(QUEUE_SHARE - 6, more.size())) {
                Map<String, Object> answer = f.get(1, TimeUnit.SECONDS); // refused at once, not after the flood
                Map<String, Object> error = TestJson.map(answer.get("error"), "error");
                assertEquals(-32001L, ((Number) error.get("code")).longValue());
                Map<String, Object> data = TestJson.map(error.get("data"), "data");
                assertEquals("session-queue-share", data.get("reason"));
                assertEquals((long) QUEUE_SHARE, ((Number) data.get("limit")).longValue());
                assertTrue(((Number) data.get("retryAfterMs")).longValue() > 0);
                refused++;
            }
            assertEquals(16, refused);
            // ...while another session still queues and is served.
            assertNotNull(polite.request("tools/call", sleep("polite", 1)).get("result"));
            for (CompletableFuture<Map<String, Object>> f : long1) {
                assertNotNull(f.get(10, TimeUnit.SECONDS).get("result"), "every accepted call is answered");
            }
            for (CompletableFuture<Map<String, Object>> f : more.subList(0, QUEUE_SHARE - 6)) {
                assertNotNull(f.get(10, TimeUnit.SECONDS).get("result"));
            }
            assertEquals(2, count(MOST_RUNNING, "flood"));
        } finally {
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    /**
     * A connection that queues calls and goes away: once the server knows it is gone, its queued
     * calls leave the queue at once (not at their timeout) and never run, and its running ones are
     * interrupted. A FIN alone is a half-close (the client may still read its answers, and gets
     * them); the server learns of a full close from the reset its next write draws, or at once
     * from a reset (a killed client with unread input, SO_LINGER 0).
     */
    @Test
    void theQueuedCallsOfAClosedConnectionAreDroppedAtOnce() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        WorkerPool workers = ServerInternals.engine(server).workers();
        try {
            for (int round = 0; round < 4; round++) {
                // Shape 3 (reset) and shape 4 (FIN, then the first answer bounces), twice each.
                boolean reset = round % 2 == 0;
                String tag = "gone-" + round;
                long droppedBefore = workers.droppedCount();
                java.net.Socket gone = new java.net.Socket();
                gone.connect(server.tcpAddress(), 5_000);
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        gone.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                java.io.OutputStream out = gone.getOutputStream();
                out.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gone\",\"version\":\"1\"}}}\n"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertTrue(in.readLine().contains("\"result\""));
                // Two that run first and end soon (their answers find the socket closed), then a
                // queue share of calls that would sleep 20 s.
                out.write(calls(tag, 1, 2, 2_000));
                await("two started", () -> count(STARTED, tag) == 2);
                out.write(calls(tag, 3, QUEUE_SHARE, 20_000));
                await("the rest queued", () -> workers.queueDepth() == QUEUE_SHARE);
                if (reset) {
                    gone.setSoLinger(true, 0);
                }
                long closed = System.nanoTime();
                gone.close();
                await("the queue to empty", () -> workers.queueDepth() == 0);
                long emptiedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
                assertTrue(emptiedMillis < (reset ? 500 : 3_000),
                        (reset ? "reset" : "FIN") + ": queued calls left the queue " + emptiedMillis + " ms after the close");
                long dropped = workers.droppedCount() - droppedBefore;
                await("the running calls to end", () -> count(RUNNING, tag) == 0);
                long endedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
                assertTrue(endedMillis < 3_500, "calls of the closed connection ran on " + endedMillis + " ms, not 20 s");
                System.out.println((reset ? "reset" : "FIN") + ": queue emptied " + emptiedMillis + " ms after the close, "
                        + "its calls ended after " + endedMillis + " ms; started " + count(STARTED, tag) + ", dropped " + dropped);
                if (reset) {
                    assertEquals(QUEUE_SHARE, dropped, "each queued call dropped once");
                    assertEquals(2, count(STARTED, tag), "the dropped calls never took a worker");
                } else {
                    // The two freed workers take the next two calls just before the bounced answer
                    // tells the server: those are interrupted at once, the rest never start.
                    assertEquals(2 + QUEUE_SHARE, count(STARTED, tag) + dropped, "each call ran or was dropped, once");
                    assertTrue(count(STARTED, tag) <= 4, "at most one more share started: " + count(STARTED, tag));
                }
                try (NdjsonClient after = NdjsonClient.connect(server.tcpAddress())) {
                    after.initialize("{}");
                    for (int i = 0; i < 4; i++) {
                        assertNotNull(after.request("tools/call", sleep("after", 1)).get("result"));
                    }
                }
            }
        } finally {
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }
}
