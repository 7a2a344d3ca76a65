package dev.tachyon.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LocalCluster;
import dev.tachyon.server.testing.TachyonProcess;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13's "Done when", with the real thing: three instances and HAProxy started by
 * {@code deploy/local-cluster.sh}, real clients through the balancer (2025-11-25 sessions over
 * HTTP, 2026-07-28 stateless requests, raw TCP sessions, one subscriptions/listen stream), every
 * request counted while an instance is killed, drained, and all are restarted one by one.
 * Assertions that need a part of the contract the server may not have yet are made only when it
 * has it ({@link ClusterContract}); each says which.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static final String HTTP_SESSIONS = "tachyon_sessions{era=\"2025-11-25\",transport=\"http\"}";
    /** A TCP connection serves each request by the revision it names: era "per-message". */
    private static final String TCP_SESSIONS = "tachyon_sessions{era=\"per-message\",transport=\"tcp\"}";
    private static final String TOOL_CALLS = "tachyon_requests_total{method=\"tools/call\"";
    private static final int SESSIONS = 9;
    private static final int STATELESS = 3;
    private static final int TCP = 3;

    private static LocalCluster cluster;
    private static ClusterLoad load;

    @BeforeAll
    static void up() throws Exception {
        cluster = LocalCluster.up(TachyonProcess.projectRoot().resolve("server/target/cluster-it"), 3);
        load = new ClusterLoad(cluster.http(), cluster.tcp()).start(SESSIONS, STATELESS, TCP);
        Thread.sleep(2_000);
        load.phase("steady");
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (load != null) {
                load.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void steadyStateAnswersEverythingWithoutA404() throws Exception {
        Thread.sleep(3_000);
        Tally steady = report(load.phase("after steady"));
        assertEquals(0, steady.notFound.sum(), "stickiness: " + steady);
        assertEquals(0, steady.failed.sum(), steady.toString());
        assertTrue(steady.answered.sum() > 100, steady.toString());
        if (ClusterContract.nodeIdPrefix()) { // needs tachyon.cluster.node-id (helper 1's branch)
            for (String id : load.sessionIds()) {
                String prefix = id.substring(0, Math.max(0, id.indexOf('.')));
                assertTrue(cluster.node(prefix) != null && id.matches("node\\d+\\.[A-Za-z0-9_-]{22}"),
                        "the session id names its node: " + id);
            }
        }
    }

    @Test
    @Order(2)
    void killingTheOwnerOfMostSessionsCostsEachOfItsSessionsOne404AndNothingElsewhere() throws Exception {
        String victim = mostSessions();
        int owned = (int) cluster.metric(victim, HTTP_SESSIONS);
        int tcpOwned = (int) cluster.metric(victim, TCP_SESSIONS);
        load.phase("kill -9 " + victim);
        Tally killed;
        try {
            cluster.kill(victim);
            Thread.sleep(4_000); // HAProxy marks it down (2 failed checks, 1 s apart); its sessions move
            killed = report(load.phase("after kill"));
        } finally {
            cluster.start(victim);
        }
        awaitServing(victim);

        assertTrue(owned > 0, "the victim owned sessions");
        assertEquals(owned, killed.notFoundBy.size(), "each session of the killed instance sees a 404: " + killed);
        assertOnce(killed.notFoundBy, "404", killed);
        assertEquals(killed.notFound.sum(), killed.reinitialized.sum(), "every 404 is followed by a new session: " + killed);
        assertTrue(killed.tcpReconnected.sum() <= tcpOwned, "TCP connections to other instances closed: " + killed);
        // Lost: only requests of clients that were on the killed instance: the one in flight on it,
        // and (README, "What a client sees") one sent to it before HAProxy noticed it was gone,
        // which HAProxy answers 502 rather than send a request that may have run a second time.
        killed.failedBy.forEach((client, count) -> assertTrue(count.get() <= 2,
                client + " lost more than its request in flight and one sent before HAProxy noticed: " + killed));
        int tcpFailed = 0;
        for (String client : killed.failedBy.keySet()) {
            assertTrue(!client.startsWith("session-") || killed.notFoundBy.containsKey(client),
                    "a session of another instance failed: " + killed);
            tcpFailed += client.startsWith("tcp-") ? 1 : 0;
        }
        assertTrue(tcpFailed <= tcpOwned, "TCP connections to other instances failed: " + killed);

        Tally back = report(load.phase("after restart"));
        assertEquals(0, back.failed.sum(), "an instance coming back costs nothing: " + back);
    }

    @Test
    @Order(3)
    void drainingOneInstanceLosesNothing() throws Exception {
        String drained = listenNode(); // so that its stream must reopen elsewhere
        load.phase("SIGTERM " + drained);
        Tally drain;
        try {
            cluster.stop(drained);
            Thread.sleep(2_000);
            drain = report(load.phase("after drain"));
        } finally {
            cluster.start(drained);
        }
        awaitServing(drained);
        assertOnce(drain.notFoundBy, "404", drain);
        assertEquals(drain.notFound.sum(), drain.reinitialized.sum(), drain.toString());
        assertEquals(1, drain.listenGapsMillis.size(), "the listen stream was on the drained instance: " + drain);
        assertTrue(drain.maxListenGapMillis() < 1_000, "the listen stream reopens within 1 s: " + drain);
        if (ClusterContract.readyDelay()) { // needs tachyon.shutdown.ready-delay (helper 1's branch)
            assertEquals(0, drain.failed.sum(), "a drain loses nothing: " + drain);
        }
        Tally back = report(load.phase("after restart"));
        assertEquals(0, back.failed.sum(), back.toString());
    }

    @Test
    @Order(4)
    void aRollingRestartOfAllThreeLosesNothing() throws Exception {
        load.phase("rolling restart");
        for (LocalCluster.Node node : cluster.nodes()) {
            cluster.stop(node.id());
            cluster.start(node.id());
            awaitServing(node.id());
        }
        Tally rolling = report(load.phase("after rolling restart"));
        assertEquals(rolling.notFound.sum(), rolling.reinitialized.sum(), rolling.toString());
        assertTrue(rolling.listenGapsMillis.size() >= 1, "the listen stream's instance restarted too: " + rolling);
        assertTrue(rolling.maxListenGapMillis() < 1_000, "the listen stream reopens within 1 s: " + rolling);
        if (ClusterContract.readyDelay()) { // needs tachyon.shutdown.ready-delay (helper 1's branch)
            assertEquals(0, rolling.failed.sum(), "a rolling restart loses nothing: " + rolling);
        }
    }

    /** Every count goes to the test's output, for the record (README, RESULTS.md). */
    private static Tally report(Tally tally) {
        System.err.println("ClusterIT " + tally);
        return tally;
    }

    private static String mostSessions() throws Exception {
        String most = null;
        double max = -1;
        for (LocalCluster.Node node : cluster.nodes()) {
            double sessions = cluster.metric(node.id(), HTTP_SESSIONS);
            if (sessions > max) {
                max = sessions;
                most = node.id();
            }
        }
        return most;
    }

    /**
     * The node holding the listen stream: an open stream counts as a 2026-07-28 session on its
     * instance for as long as it lasts; stateless requests count only while in flight, so the
     * node whose count never drops to 0 over a few reads is the one.
     */
    /** The node HAProxy sent the listen stream to (its X-Tachyon-Node answer header). */
    private static String listenNode() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            String node = load.listenNode();
            if (node != null) {
                return node;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no instance holds the listen stream");
    }

    /** Waits until HAProxy sends the (re)started node requests: it passed its health checks. */
    private static void awaitServing(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.metric(id, TOOL_CALLS) < 10) {
            assertTrue(System.nanoTime() < deadline, id + " gets no requests through the balancer");
            Thread.sleep(100);
        }
    }

    private static void assertOnce(Map<String, AtomicInteger> byClient, String what, Tally tally) {
        byClient.forEach((client, count) -> assertEquals(1, count.get(), client + " saw more than one " + what + ": " + tally));
    }
}
