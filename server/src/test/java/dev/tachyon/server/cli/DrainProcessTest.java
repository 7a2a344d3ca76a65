package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.SseReader;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.TachyonProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM drains {@code tachyon serve} the way a balancer needs, seen from outside the process:
 * {@code /ready} turns 503 at once while requests are still answered for the ready delay; then
 * the open 2025-11-25 GET stream gets a {@code retry:} field and ends, the 2026-07-28 listen
 * stream ends, and the process exits 0, all within ready delay + drain timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainProcessTest {

    private static final long READY_DELAY_MS = 1500;
    private static final HttpClient ADMIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermTurnsUnreadyAtOnceKeepsServingThenEndsStreamsAndExitsZero() throws Exception {
        int port = TachyonProcess.freePort();
        int adminPort = TachyonProcess.freePort();
        ProcessBuilder builder = ServeProcessTest.tachyon("serve", "--http", "127.0.0.1:" + port,
                "--admin", "127.0.0.1:" + adminPort);
        Map<String, String> env = builder.environment();
        env.put("TACHYON_SHUTDOWN_READY_DELAY", READY_DELAY_MS + "ms");
        env.put("TACHYON_SHUTDOWN_DRAIN_TIMEOUT", "3s");
        env.put("TACHYON_CLUSTER_NODE_ID", "node-a");
        env.put("TACHYON_PROTOCOL_REQUEST_STATE_KEY", "k".repeat(32));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try {
            BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8));
            String ready = stderr.readLine();
            while (ready != null && !ready.startsWith("tachyon ready:")) {
                ready = stderr.readLine();
            }
            assertNotNull(ready, "never ready");
            assertTrue(ready.contains("node node-a"), ready);
            Thread drainer = new Thread(() -> stderr.lines().forEach(line -> { }), "stderr-drain");
            drainer.setDaemon(true);
            drainer.start();

            URI mcp = URI.create("http://127.0.0.1:" + port + "/mcp");
            McpHttpClient client = new McpHttpClient(mcp);
            String session = client.initialize();
            assertTrue(session.startsWith("node-a."), session);
            SseReader get = new SseReader(client.stream(client.get(session, null)).body());
            assertTrue(get.next().isPriming());
            StatelessHttpClient stateless = new StatelessHttpClient(mcp);
            HttpResponse<InputStream> listenResponse = stateless.stream(stateless.post("subscriptions/listen",
                    "\"notifications\":{\"toolsListChanged\":true}", "{}", null));
            assertEquals(200, listenResponse.statusCode());
            SseReader listen = new SseReader(listenResponse.body());
            assertTrue(listen.next().data().contains("notifications/subscriptions/acknowledged"));
            assertEquals(200, ready(adminPort));

            long sigterm = System.nanoTime();
            process.destroy(); // SIGTERM
            while (ready(adminPort) != 503) {
                assertTrue(millisSince(sigterm) < 1000, "/ready still 200 a second after SIGTERM");
                Thread.sleep(10);
            }
            long unready = millisSince(sigterm);

            // Still serving during the delay, on a new connection too, while /ready says 503.
            HttpResponse<String> call = new McpHttpClient(mcp).send(client.post(session,
                    McpHttpClient.call(7, "echo", "{\"text\":\"still here\"}")));
            assertEquals(200, call.statusCode());
            assertTrue(call.body().contains("still here"), call.body());
            assertTrue(millisSince(sigterm) < READY_DELAY_MS, "answered within the ready delay");
            assertEquals(503, ready(adminPort));

            // After the delay: the GET stream gets a retry: field, then ends.
            SseReader.Event retry = get.next();
            assertNotNull(retry, "the GET stream ended without a retry: field");
            assertNotNull(retry.retry(), "expected a retry: field, got " + retry);
            assertTrue(millisSince(sigterm) >= READY_DELAY_MS - 100, "streams end after the ready delay");
            assertNull(get.next(), "the GET stream ends after its retry: field");
            assertNull(listen.next(), "the listen stream ends");

            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exits after the drain");
            assertEquals(0, process.exitValue());
            long total = millisSince(sigterm);
            assertTrue(total < READY_DELAY_MS + 3000 + 2000, "drain took " + total + " ms");
            System.out.println("drain: /ready 503 after " + unready + " ms, exit 0 after " + total + " ms");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int ready(int adminPort) throws Exception {
        try {
            return ADMIN.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // the admin endpoint has closed: the process is on its way out
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
