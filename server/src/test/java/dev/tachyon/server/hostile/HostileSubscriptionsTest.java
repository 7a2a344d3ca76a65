package dev.tachyon.server.hostile;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.errorData;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.SessionLimits;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.StatelessMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code resources/subscribe} keeps nothing without bound (issue 10, item 1: 226 subscriptions
 * of 3.5 MB URIs ended in an OutOfMemoryError): a session holds at most
 * {@code max-subscriptions-per-session}, every URI kept or echoed is at most
 * {@code max-uri-bytes}, a URI the server does not serve is not found, and everything a
 * session held is let go when it closes.
 */
@ExtendWith(HostileSuite.class)
class HostileSubscriptionsTest {

    private static final int MAX_SUBSCRIPTIONS = 200;
    private static final int MAX_URI_BYTES = 1024;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        TachyonServer.Builder builder = TachyonServer.builder().tcp("127.0.0.1", 0)
                .settings(EngineSettings.builder().maxSubscriptionsPerSession(MAX_SUBSCRIPTIONS)
                        .maxUriBytes(MAX_URI_BYTES).build());
        server = ConformanceFixture.register(builder).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void manySubscriptionsAreRefusedAtTheBound() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        long refusedBefore = limits().refused(SessionLimits.Refusal.MAX_SUBSCRIPTIONS);
        try (LineClient attacker = LineClient.initialized(server.tcpAddress(), "{}")) {
            long id = 1;
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                assertEquals(Map.of(), result(attacker.call(id++, "resources/subscribe", uri(i))));
            }
            for (int i = MAX_SUBSCRIPTIONS; i < MAX_SUBSCRIPTIONS + 300; i++) {
                Map<String, Object> refused = attacker.call(id++, "resources/subscribe", uri(i));
                assertEquals(-32001L, errorCode(refused), String.valueOf(refused));
                assertEquals(Map.of("reason", "max-subscriptions-per-session", "limit", (long) MAX_SUBSCRIPTIONS),
                        errorData(refused));
            }
            assertEquals(Map.of(), result(attacker.call(id++, "resources/subscribe", uri(0))), "subscribing again holds one");
            assertEquals(MAX_SUBSCRIPTIONS, limits().subscriptionsOpen());
            assertEquals(300, limits().refused(SessionLimits.Refusal.MAX_SUBSCRIPTIONS) - refusedBefore);
            assertEquals(Map.of(), result(attacker.call(id++, "resources/unsubscribe", uri(0))));
            assertEquals(Map.of(), result(attacker.call(id++, "resources/subscribe", uri(100_000))), "a place freed is usable");

            // A URI the server does not serve is not found, and not kept.
            Map<String, Object> unknown = attacker.call(id++, "resources/subscribe", "{\"uri\":\"test://nothing-here\"}");
            assertEquals(-32002L, errorCode(unknown));
            assertEquals(Map.of("uri", "test://nothing-here"), errorData(unknown));
        } finally {
            GoodClient.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        awaitSubscriptions(0);
        assertEquals(0, ServerInternals.engine(server).subscribedUriCount(), "a closed session's subscriptions are gone");
        baseline.assertReturned();
    }

    @Test
    void hugeUrisAreRefusedNeverKeptNorEchoed() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        String huge = "test://template/" + "x".repeat(3_500_000) + "/data"; // the 3.5 MB, a URI the template matches
        try (LineClient attacker = LineClient.initialized(server.tcpAddress(), "{}")) {
            long id = 1;
            for (String method : List.of("resources/subscribe", "resources/read", "resources/unsubscribe")) {
                for (int i = 0; i < 10; i++) {
                    attacker.request(id, method, "{\"uri\":\"" + huge + "\"}");
                    String line = attacker.readLineOf(id++);
                    assertTrue(line.length() < 300, "the URI is not echoed: " + line.length() + " characters");
                    Map<String, Object> refused = LineClient.parseObject(line);
                    assertEquals(-32602L, errorCode(refused), line);
                    assertEquals(Map.of("reason", "max-uri-bytes", "limit", (long) MAX_URI_BYTES), errorData(refused));
                }
            }
            attacker.request(id, "completion/complete", "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"" + huge
                    + "\"},\"argument\":{\"name\":\"id\",\"value\":\"1\"}}");
            assertEquals(-32602L, errorCode(LineClient.parseObject(attacker.readLineOf(id++))));

            // The bound is on UTF-8 bytes, exactly: at the limit served, one byte over refused.
            String atLimit = "test://template/a" + "é".repeat((MAX_URI_BYTES - 22) / 2) + "/data";
            assertEquals(MAX_URI_BYTES, atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertEquals(Map.of(), result(attacker.call(id++, "resources/subscribe", "{\"uri\":\"" + atLimit + "\"}")));
            String over = atLimit.replace("test://template/a", "test://template/ab");
            assertEquals(-32602L, errorCode(attacker.call(id++, "resources/subscribe", "{\"uri\":\"" + over + "\"}")));
            Map<String, Object> read = attacker.call(id++, "resources/read", "{\"uri\":\"" + atLimit + "\"}");
            assertNull(read.get("error"), "a URI within the bound is read as before");
        } finally {
            GoodClient.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        assertTrue(limits().refused(SessionLimits.Refusal.MAX_URI_BYTES) >= 31);
        awaitSubscriptions(0);
        baseline.assertReturned();
    }

    @Test
    void manySessionsEachAtTheCapAreServedAndLetGo() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        List<LineClient> sessions = new ArrayList<>();
        String longUri = "x".repeat(MAX_URI_BYTES - 40);
        try {
            for (int s = 0; s < 20; s++) {
                LineClient session = LineClient.initialized(server.tcpAddress(), "{}");
                sessions.add(session);
                for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) { // pipelined: all sent, then all read
                    session.request(i + 1, "resources/subscribe",
                            "{\"uri\":\"test://template/" + longUri.substring(0, 100 + i) + s + "/data\"}");
                }
                session.request(MAX_SUBSCRIPTIONS + 1, "resources/subscribe", uri(999_999));
                for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                    assertEquals(Map.of(), result(session.answerTo(i + 1)));
                }
                assertEquals(-32001L, errorCode(session.answerTo(MAX_SUBSCRIPTIONS + 1)));
            }
            assertEquals(20 * MAX_SUBSCRIPTIONS, limits().subscriptionsOpen());
            assertEquals(20 * MAX_SUBSCRIPTIONS, ServerInternals.engine(server).subscribedUriCount());
            // The bound is per session: a new session subscribes while the others sit at theirs.
            try (LineClient fresh = LineClient.initialized(server.tcpAddress(), "{}")) {
                assertEquals(Map.of(), result(fresh.call(1, "resources/subscribe",
                        "{\"uri\":\"" + ConformanceFixture.WATCHED_RESOURCE + "\"}")));
            }
        } finally {
            for (LineClient session : sessions) {
                session.close();
            }
            GoodClient.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        awaitSubscriptions(0);
        assertEquals(0, ServerInternals.engine(server).subscribedUriCount());
        baseline.assertReturned();
    }

    /**
     * Listen streams (2026-07-28) take their share of the same bound: many streams, and streams
     * with long filters, are refused once the session holds its share, and a stream cancelled
     * gives its share back.
     */
    @Test
    void listenStreamsShareTheBound() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        long started = System.nanoTime();
        try (LineClient attacker = new LineClient(server.tcpAddress())) {
            // Shape 1: many streams naming nothing; each takes one place.
            long id = 1;
            for (; id <= MAX_SUBSCRIPTIONS; id++) {
                attacker.request(id, "subscriptions/listen", StatelessMeta.params("\"notifications\":{\"toolsListChanged\":true}"));
                Map<String, Object> ack = attacker.read();
                assertEquals("notifications/subscriptions/acknowledged", ack.get("method"), String.valueOf(ack));
            }
            Map<String, Object> refused = attacker.call(id++, "subscriptions/listen",
                    StatelessMeta.params("\"notifications\":{\"toolsListChanged\":true}"));
            // subscriptions/listen is the stateless revision's: Tachyon's -32001 moves out of its reserved range
            assertEquals(-31001L, errorCode(refused), String.valueOf(refused));
            assertEquals("max-subscriptions-per-session", errorData(refused).get("reason"));

            // A cancelled stream gives its place back.
            attacker.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}");
            attacker.request(id, "subscriptions/listen", StatelessMeta.params("\"notifications\":{\"toolsListChanged\":true}"));
            assertEquals("notifications/subscriptions/acknowledged", attacker.read().get("method"));
            id++;
        }
        try (LineClient attacker = new LineClient(server.tcpAddress())) {
            // Shape 2: one stream naming more URIs than the bound, then streams whose filters add up past it.
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= MAX_SUBSCRIPTIONS; i++) {
                many.append(i == 0 ? "" : ",").append("\"test://template/").append(i).append("/data\"");
            }
            Map<String, Object> tooMany = attacker.call(1, "subscriptions/listen",
                    StatelessMeta.params("\"notifications\":{\"resourceSubscriptions\":[" + many + "]}"));
            assertEquals(-31001L, errorCode(tooMany), String.valueOf(tooMany));
            String half = many.substring(0, many.indexOf(",\"test://template/" + (MAX_SUBSCRIPTIONS / 2 + 1) + "/"));
            attacker.request(2, "subscriptions/listen", StatelessMeta.params("\"notifications\":{\"resourceSubscriptions\":[" + half + "]}"));
            assertEquals("notifications/subscriptions/acknowledged", attacker.read().get("method"));
            Map<String, Object> pastIt = attacker.call(3, "subscriptions/listen",
                    StatelessMeta.params("\"notifications\":{\"resourceSubscriptions\":[" + half + "]}"));
            assertEquals(-31001L, errorCode(pastIt), "two halves and one more: " + pastIt);
        } finally {
            GoodClient.observeAtLeast(started, 500);
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    private static String uri(int i) {
        return "{\"uri\":\"test://template/" + i + "/data\"}";
    }

    private static SessionLimits limits() {
        return ServerInternals.engine(server).limits();
    }

    private static void awaitSubscriptions(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (limits().subscriptionsOpen() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, limits().subscriptionsOpen(), "subscriptions open");
    }
}
