package dev.tachyon.server.hostile;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.MemorySnapshot;
import dev.tachyon.server.testing.RawHttpResponse;
import dev.tachyon.server.connection.SessionLimit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions are a per-client resource with a count bound: a client opening sessions in a loop
 * is refused at its address's cap ({@code http.max-sessions-per-address}: 503, {@code Retry-After},
 * -32001 {@code max-sessions-per-address}) while clients of other addresses still initialize,
 * and the server's cap ({@code http.max-sessions}) holds whatever the addresses; places come back
 * when sessions are deleted or expire, and sessions never used after their initialize expire
 * early. An idle session costs about what an idle TCP session does, and memory returns.
 */
@ExtendWith(HostileSuite.class)
class HostileHttpSessionsTest {

    private static final int MAX = 300;
    private static final int PER_ADDRESS = 100;
    private static final Duration UNUSED = Duration.ofMillis(1500);
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    @Test
    void massInitializeIsRefusedAtTheCapsWhileOthersStillInitialize() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        TachyonServer server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).maxSessions(MAX).maxSessionsPerAddress(PER_ADDRESS)
                        .unusedSessionTimeout(UNUSED).build())
                .build().start();
        GoodClient good = GoodClient.start(server.tcpAddress(), loopback(250));
        SessionLimit limit = ServerInternals.httpSessionLimit(server);
        try {
            // Shape 1: one address initializes five times its cap, pipelined on two connections at once.
            List<RawHttpResponse> answers = initialize(server.httpAddress(), loopback(1), 2, 5 * PER_ADDRESS / 2);
            List<String> attacker = sessions(answers);
            assertEquals(PER_ADDRESS, attacker.size(), "the address gets its cap");
            for (RawHttpResponse r : answers) {
                if (r.status() != 200) {
                    assertRefused(r, "max-sessions-per-address", PER_ADDRESS);
                }
            }
            assertEquals(4L * PER_ADDRESS, limit.refused(SessionLimit.Reason.MAX_SESSIONS_PER_ADDRESS));
            // Another address still initializes, and the attacker's connection is still served.
            String other = sessions(initialize(server.httpAddress(), loopback(2), 1, 1)).get(0);
            assertEquals(200, ping(server.httpAddress(), loopback(1), attacker.get(0)).status());

            // Shape 2: many addresses together reach the server's cap; it holds whatever the addresses.
            for (int a = 3; a <= 5; a++) {
                initialize(server.httpAddress(), loopback(a), 1, PER_ADDRESS);
            }
            assertEquals(MAX, limit.open(), "the server's cap holds");
            RawHttpResponse full = initialize(server.httpAddress(), loopback(6), 1, 1).get(0);
            assertRefused(full, "max-sessions", MAX);

            // Places come back: DELETE frees the attacker's, and it may initialize again (not a ban).
            try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress(), loopback(1), 0)) {
                for (String id : attacker) {
                    wire.write("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + id + "\r\n\r\n");
                    assertEquals(200, wire.read().status());
                }
            }
            assertEquals(0, limit.openFrom(loopback(1)));
            assertEquals(PER_ADDRESS, sessions(initialize(server.httpAddress(), loopback(1), 1, PER_ADDRESS)).size());

            // Shape 3: sessions opened and left unused expire after the short timeout; a used one stays.
            assertEquals(202, post(server.httpAddress(), loopback(2), INITIALIZED, other).status());
            awaitOpen(limit, 1, UNUSED.toMillis() + 3_000);
            assertEquals(200, ping(server.httpAddress(), loopback(2), other).status(), "the used session stays");
            assertEquals(1, limit.addresses(), "addresses are forgotten with their sessions");
        } finally {
            good.stop().assertHealthy();
            server.close();
        }
        baseline.assertReturned();
    }

    /**
     * Bytes of heap per idle HTTP session (initialized, then nothing): 20,000 sessions, full
     * collections before and after, the difference over the count. Issue 10 measured about
     * 18.5 KB before the event log was allocated on use; the target is what an idle TCP session
     * costs, 2-3 KB.
     */
    @Test
    void anIdleSessionCostsAboutWhatAnIdleTcpSessionCosts() throws Exception {
        int count = 20_000;
        TachyonServer server = TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).maxSessions(count).maxSessionsPerAddress(count)
                        .build())
                .build().start();
        try {
            initialize(server.httpAddress(), null, 1, 1); // warm up: classes loaded, pools made
            MemorySnapshot before = MemorySnapshot.afterGc();
            List<String> ids = sessions(initialize(server.httpAddress(), null, 8, (count - 1) / 8, true));
            assertEquals((count - 1) / 8 * 8, ids.size());
            MemorySnapshot after = MemorySnapshot.afterGc();
            long perSession = (after.heap() - before.heap()) / ids.size();
            System.out.println("idle HTTP session: " + perSession + " bytes of heap each (" + ids.size() + " sessions, "
                    + before + " -> " + after + ")");
            assertTrue(perSession <= 2_048, "an idle HTTP session costs " + perSession + " bytes");
            assertEquals(ids.size() + 1, ServerInternals.httpSessionLimit(server).open());
            assertEquals(0, ServerInternals.httpEventLogBytes(server), "no session that never streamed holds an event log");
        } finally {
            server.close();
        }
    }

    /**
     * Initializes {@code perConnection} sessions on each of {@code connections} connections from
     * {@code from}, pipelined in batches, in parallel (with {@code notify}, each followed by
     * notifications/initialized, as a real client does); returns the initialize answers.
     */
    private static List<RawHttpResponse> initialize(InetSocketAddress server, InetAddress from, int connections,
            int perConnection) throws Exception {
        return initialize(server, from, connections, perConnection, false);
    }

    private static List<RawHttpResponse> initialize(InetSocketAddress server, InetAddress from, int connections,
            int perConnection, boolean notify) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<RawHttpResponse>>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                done.add(pool.submit(() -> initializeOn(server, from, perConnection, notify)));
            }
            List<RawHttpResponse> all = new ArrayList<>();
            for (Future<List<RawHttpResponse>> f : done) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<RawHttpResponse> initializeOn(InetSocketAddress server, InetAddress from, int count,
            boolean notify) throws IOException {
        List<RawHttpResponse> answers = new ArrayList<>();
        try (RawHttpConnection wire = new RawHttpConnection(server, from, 0)) {
            for (int done = 0; done < count; ) {
                int batch = Math.min(50, count - done);
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < batch; i++) {
                    requests.append(RawHttpConnection.post(RawHttpConnection.INITIALIZE.replace("\"id\":1", "\"id\":" + (done + i + 1))));
                }
                wire.write(requests.toString());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    RawHttpResponse r = wire.read();
                    answers.add(r);
                    if (r.status() == 200) {
                        ids.add(r.header("mcp-session-id"));
                    }
                }
                if (!notify) {
                    ids.clear(); // opened and left: never used after the initialize
                }
                StringBuilder notes = new StringBuilder();
                for (String id : ids) {
                    notes.append(RawHttpConnection.post(INITIALIZED, "Mcp-Session-Id: " + id));
                }
                wire.write(notes.toString());
                for (int i = 0; i < ids.size(); i++) {
                    wire.read();
                }
                done += batch;
            }
        }
        return answers;
    }

    private static List<String> sessions(List<RawHttpResponse> answers) {
        List<String> ids = new ArrayList<>();
        for (RawHttpResponse r : answers) {
            if (r.status() == 200) {
                String id = r.header("mcp-session-id");
                assertNotNull(id, r.body());
                ids.add(id);
            }
        }
        return ids;
    }

    private static void assertRefused(RawHttpResponse r, String reason, int limit) {
        assertEquals(503, r.status(), r.body());
        assertEquals("10", r.header("retry-after"));
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":"), r.body());
        assertTrue(r.body().contains("\"code\":-32001"), r.body());
        assertTrue(r.body().contains("\"reason\":\"" + reason + "\""), r.body());
        assertTrue(r.body().contains("\"limit\":" + limit), r.body());
        assertTrue(r.body().contains("\"retryAfterMs\":10000"), r.body());
    }

    private static RawHttpResponse ping(InetSocketAddress server, InetAddress from, String session) throws IOException {
        return post(server, from, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}", session);
    }

    private static RawHttpResponse post(InetSocketAddress server, InetAddress from, String body, String session)
            throws IOException {
        try (RawHttpConnection wire = new RawHttpConnection(server, from, 0)) {
            wire.write(RawHttpConnection.post(body, "Mcp-Session-Id: " + session));
            return wire.read();
        }
    }

    private static void awaitOpen(SessionLimit limit, int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (limit.open() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, limit.open(), "sessions open");
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
