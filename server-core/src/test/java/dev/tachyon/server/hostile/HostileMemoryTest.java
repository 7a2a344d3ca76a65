package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.memory.HeapAfterGc;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory refusals follow the memory (issue 10, item 3): driven over the reject watermark and
 * then freed, a server with no client traffic stops refusing within seconds on its own (it asks
 * for the collection that refreshes its figure), refusals do not flap just under the watermark
 * (hysteresis), and a large message is refused before it is decoded when its tree would not fit.
 *
 * <p>The heap is driven by this test's own allocations (held, then let go), as an attacker's
 * state would be; watermarks are set a few percent above the live heap at the start.
 */
@ExtendWith(HostileSuite.class)
class HostileMemoryTest {

    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();
    /** Below half a G1 region, so not humongous: the heap then holds what the test holds, no more. */
    private static final int CHUNK = 256 * 1024;
    /** Memory "an attacker made the server hold": freed by the test, unknown to the server. */
    private final List<byte[]> held = new ArrayList<>();

    private static double liveFill() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        return (double) HeapAfterGc.shared().bytes() / MAX_HEAP;
    }

    private void hold(double fraction) {
        long bytes = (long) (fraction * MAX_HEAP);
        for (long n = 0; n < bytes; n += CHUNK) {
            byte[] chunk = new byte[CHUNK];
            chunk[0] = 1;
            held.add(chunk);
        }
    }

    private void free(double fraction) {
        long chunks = (long) (fraction * MAX_HEAP) / CHUNK;
        for (long i = 0; i < chunks && !held.isEmpty(); i++) {
            held.remove(held.size() - 1);
        }
    }

    private static TachyonServer server(double warn, double reject, double refuse) throws InterruptedException {
        return TachyonServer.builder().tcp("127.0.0.1", 0)
                .memoryPressure(new MemoryPressure(warn, reject, refuse, Duration.ofSeconds(1), MemoryPressure.jvm()))
                .tool(Tool.builder("echo").description("echoes").inline((call, out) -> out.text(call.arguments().string("text")))
                        .build())
                .build().start();
    }

    private static long awaitLevel(TachyonServer server, java.util.function.IntPredicate level, long timeoutMillis)
            throws InterruptedException {
        long start = System.nanoTime();
        while (!level.test(ServerInternals.engine(server).memory().level())) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited < timeoutMillis, "memory level still " + ServerInternals.engine(server).memory().level() + " after "
                    + waited + " ms (fill " + ServerInternals.engine(server).memory().lastFill() + ")");
            Thread.sleep(20);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static Map<String, Object> echo(NdjsonClient client) {
        return client.request("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}");
    }

    private static void assertRefusedForMemory(Map<String, Object> answer) {
        Map<String, Object> error = TestJson.map(answer.get("error"), "error in " + answer);
        assertEquals(-32001L, ((Number) error.get("code")).longValue());
        assertEquals("memory", TestJson.map(error.get("data"), "data").get("reason"));
    }

    @Test
    void refusalsEndOnTheirOwnAfterMemoryIsFreedAndDoNotFlap() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        double base = liveFill();
        // Watermarks above today's live heap; the hysteresis band (5 points) fits below reject.
        TachyonServer server = server(base + 0.03, base + 0.06, base + 0.12);
        GoodClient good = GoodClient.start(server.tcpAddress());
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            assertNotNull(echo(client).get("result"));
            MemoryPressure memory = ServerInternals.engine(server).memory();

            // Shape 1: over the watermark, then freed, then silence: the server recovers by itself.
            hold(0.08);
            liveFill(); // the collection that lets the server see it (an attacker's traffic would cause one)
            awaitLevel(server, l -> l >= MemoryPressure.REJECT, 3_000);
            assertRefusedForMemory(echo(client));
            assertEquals(Map.of(), client.result("ping", null), "ping still answers");
            long requested = memory.collectionsRequested();
            held.clear(); // freed; from here no client sends anything and the test runs no collection
            long recovered = awaitLevel(server, l -> l < MemoryPressure.REJECT, 6_000);
            System.out.println("refusals ended " + recovered + " ms after the memory was freed, with no traffic");
            assertTrue(memory.collectionsRequested() > requested, "the server asked for the collection itself");
            assertNotNull(echo(client).get("result"), "served again");

            // Shape 2: back over, then freed to just under the watermark: still refusing (no flapping)...
            hold(0.08);
            liveFill();
            awaitLevel(server, l -> l >= MemoryPressure.REJECT, 3_000);
            free(0.05); // live is now ~3 points above the start: under reject (6), inside the 5-point band
            long rechecks = memory.collectionsRequested();
            Thread.sleep(2_500); // at least two rechecks of the figure
            assertTrue(memory.collectionsRequested() > rechecks, "it kept rechecking while refusing");
            assertTrue(memory.lastFill() < base + 0.06, "the figure is under the watermark: " + memory.lastFill());
            assertTrue(memory.rejectingRequests(), "but inside the hysteresis band it keeps refusing");
            assertRefusedForMemory(echo(client));
            // ...and once clearly below, it stops.
            held.clear();
            awaitLevel(server, l -> l < MemoryPressure.REJECT, 6_000);
            assertNotNull(echo(client).get("result"));
        } finally {
            held.clear();
            good.stop().assertHealthy();
            server.close();
        }
        baseline.assertReturned();
    }

    /**
     * Shape 3: a message whose decoded tree would pass the watermark is refused before it is
     * decoded, while small ones pass. The fill is held just under the watermark by a sampler that
     * stands still (the real heap moves by more than one message's tree between two collections).
     */
    @Test
    void aLargeMessageIsRefusedBeforeItIsDecodedWhenItsTreeWouldNotFit() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        int messageBytes = 3 * 1024 * 1024;
        double tree = (double) messageBytes * MemoryPressure.TREE_BYTES_PER_BYTE / MAX_HEAP;
        double fill = 0.80 - 0.75 * tree; // the headroom is 3/4 of the large message's tree
        TachyonServer server = TachyonServer.builder().tcp("127.0.0.1", 0).http("127.0.0.1", 0)
                .memoryPressure(new MemoryPressure(0.75, 0.80, 0.90, () -> fill))
                .tool(Tool.builder("echo").description("echoes").inline((call, out) -> out.text(call.arguments().string("text")))
                        .build())
                .build().start();
        GoodClient good = GoodClient.start(server.tcpAddress());
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            awaitLevel(server, l -> l == MemoryPressure.WARN, 3_000);
            for (int i = 0; i < 3; i++) {
                StringBuilder big = new StringBuilder(messageBytes + 100)
                        .append("{\"name\":\"echo\",\"arguments\":{\"text\":\"x\",\"pad\":[");
                while (big.length() < messageBytes) {
                    big.append("1,");
                }
                big.append("1]}}");
                assertRefusedForMemory(client.request("tools/call", big.toString()));
                assertNotNull(echo(client).get("result"), "a small message still passes");
            }
            assertEquals(3, ServerInternals.engine(server).memory().largeMessagesRefused());
            // Over HTTP the body is refused from its Content-Length, before it is aggregated: 503, -32001 memory.
            for (int i = 0; i < 2; i++) {
                try (java.net.Socket http = new java.net.Socket()) {
                    http.connect(server.httpAddress(), 5_000);
                    http.setSoTimeout(5_000);
                    byte[] body = new byte[messageBytes];
                    java.util.Arrays.fill(body, (byte) ' ');
                    http.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Accept: application/json, text/event-stream\r\nContent-Length: " + messageBytes + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    java.io.InputStream in = http.getInputStream();
                    byte[] head = new byte[1024];
                    int n = in.read(head);
                    String answer = new String(head, 0, Math.max(0, n), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                    assertTrue(answer.contains("\"code\":-32001") && answer.contains("\"reason\":\"memory\""), answer);
                }
            }
            assertEquals(5, ServerInternals.engine(server).memory().largeMessagesRefused());
        } finally {
            good.stop().assertHealthy();
            server.close();
        }
        baseline.assertReturned();
    }
}
