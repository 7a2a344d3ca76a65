package dev.tachyon.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcPausesTest {

    @Test
    void p99IsTheNearestRankOverTheWindowOnly() {
        GcPauses pauses = GcPauses.manual();
        long now = System.nanoTime();
        pauses.record(now - TimeUnit.MINUTES.toNanos(5), 900); // outside a one-minute window
        for (int i = 1; i <= 50; i++) {
            pauses.record(now, i); // 1..50 ms
        }
        assertEquals(50, pauses.p99Millis(1, TimeUnit.MINUTES)); // rank ceil(0.99 * 50) = 50
        assertEquals(900, pauses.p99Millis(10, TimeUnit.MINUTES)); // rank ceil(0.99 * 51) = 51: the 900
        for (int i = 1; i <= 150; i++) {
            pauses.record(now, 1);
        }
        assertEquals(48, pauses.p99Millis(1, TimeUnit.MINUTES)); // 200 pauses: rank 198 of 150 x 1, 1..50
    }

    @Test
    void noPausesIsZero() {
        assertEquals(0, GcPauses.manual().p99Millis(1, TimeUnit.MINUTES));
    }

    @Test
    void keepsOnlyTheLatestPauses() {
        GcPauses pauses = GcPauses.manual();
        long now = System.nanoTime();
        for (int i = 0; i < GcPauses.CAPACITY; i++) {
            pauses.record(now, 1_000);
        }
        for (int i = 0; i < GcPauses.CAPACITY; i++) {
            pauses.record(now, 1);
        }
        assertEquals(1, pauses.p99Millis(1, TimeUnit.MINUTES));
    }

    @Test
    void concurrentPhasesAreNotPauses() {
        assertTrue(GcPauses.isPause("G1 Young Generation", "G1 Evacuation Pause"));
        assertTrue(GcPauses.isPause("ZGC Pauses", "Proactive"));
        assertFalse(GcPauses.isPause("ZGC Cycles", "Proactive"));
        assertFalse(GcPauses.isPause("Shenandoah Cycles", "Allocation Failure"));
        assertFalse(GcPauses.isPause("G1 Concurrent GC", "G1 Remark"));
        assertFalse(GcPauses.isPause("G1 Old Generation", "No GC"));
    }

    @Test
    void listensToThisJvmsCollectors() throws Exception {
        try (GcPauses pauses = GcPauses.listen()) {
            System.gc(); // a full, stop-the-world collection under G1, Parallel and Serial
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // Notifications arrive on a JMX thread, after the collection.
            while (pauses.count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(pauses.count() > 0, "a pause was recorded");
        }
    }
}
