package dev.tachyon.server.admin;

import dev.tachyon.server.observability.PrometheusMetrics;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.lifecycle.ServerState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.OpsTools;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Readiness and health across a server's life: serving, draining, closed; and short of memory. */
class AdminLifecycleTest {

    private static TachyonServer.Builder builder() {
        return PrometheusMetrics.attach(OpsTools.register(TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1)
                .admin("127.0.0.1", 0)));
    }

    @Test
    void drainingAnswers503UntilTheLastAcceptedRequestIsAnswered() throws Exception {
        TachyonServer server = builder().drainMillis(10_000).build().start();
        InetSocketAddress admin = server.adminAddress();
        CompletableFuture<Void> closing = null;
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            CompletableFuture<Map<String, Object>> slow = CompletableFuture.supplyAsync(
                    () -> client.result("tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":1500}}"));
            awaitTrue(() -> ((Number) AdminHttp.json(admin, "/health").get("requestsInFlight")).longValue() == 1,
                    "the slow request is in flight");
            assertEquals(200, AdminHttp.get(admin, "/ready").statusCode());

            closing = CompletableFuture.runAsync(server::close);
            awaitTrue(() -> AdminHttp.get(admin, "/ready").statusCode() == 503, "/ready says 503 while draining");
            assertEquals(Map.of("ready", false, "state", "draining"), AdminHttp.json(admin, "/ready"));
            HttpResponse<String> health = AdminHttp.get(admin, "/health");
            assertEquals(503, health.statusCode());
            assertEquals("draining", AdminHttp.json(admin, "/health").get("status"));
            assertTrue(AdminHttp.get(admin, "/metrics").body().contains("\ntachyon_ready 0.0"));

            assertFalse(slow.get(10, TimeUnit.SECONDS).isEmpty(), "the accepted request is still answered");
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            if (closing == null) {
                server.close();
            }
        }
        assertEquals(ServerState.CLOSED, server.state());
        assertThrows(UncheckedIOException.class, () -> AdminHttp.get(admin, "/ready"), "the admin port is closed last");
    }

    @Test
    void unhealthyWhileMemoryIsOverItsWatermark() throws Exception {
        // Watermarks of 0%: any heap left after a collection, any direct memory in use, is too much.
        TachyonServer server = builder().healthLimits(0, 0).build().start();
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}"); // pooled direct buffers in use
            System.gc();              // so the heap pools report what a collection left
            HttpResponse<String> response = AdminHttp.get(server.adminAddress(), "/health");
            assertEquals(503, response.statusCode(), response.body());
            Map<String, Object> health = AdminHttp.json(server.adminAddress(), "/health");
            assertEquals("unhealthy", health.get("status"));
            List<?> problems = (List<?>) health.get("problems");
            assertFalse(problems.isEmpty());
            assertTrue(problems.stream().allMatch(p -> p.toString().contains("(limit 0%)")), problems::toString);
            assertEquals(200, AdminHttp.get(server.adminAddress(), "/ready").statusCode(),
                    "still serving: readiness is about the life cycle");
        } finally {
            server.close();
        }
    }

    @Test
    void withoutAnAdminPortThereIsNoneAndNoMetrics() throws Exception {
        TachyonServer server = OpsTools.register(TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1)).build();
        assertEquals(ServerState.NEW, server.state());
        server.start();
        try {
            assertNull(server.adminAddress());
            assertFalse(ServerInternals.observability(server).hasMetrics());
            assertEquals(dev.tachyon.server.engine.EngineObserver.NONE, ServerInternals.observability(server).observer());
        } finally {
            server.close();
        }
    }

    @Test
    void anAdminPortInUseFailsTheStartNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TachyonServer server = OpsTools.register(TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1)
                    .admin("127.0.0.1", taken.getLocalPort())).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            server.close();
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
