package dev.tachyon.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryPressureTest {

    /** A sampler whose fill and collection age the test sets; a requested collection "frees" to {@link #afterCollection}. */
    private static final class FakeSampler implements MemoryPressure.Sampler {
        double fill;
        double afterCollection = -1;
        long sinceCollection;
        int requested;

        @Override
        public double fill() {
            return fill;
        }

        @Override
        public long nanosSinceCollection() {
            return sinceCollection;
        }

        @Override
        public void requestCollection() {
            requested++;
            if (afterCollection >= 0) {
                fill = afterCollection;
                sinceCollection = 0;
            }
        }
    }

    private static MemoryPressure pressure(FakeSampler sampler) {
        return new MemoryPressure(0.80, 0.90, 0.95, Duration.ofMillis(200), sampler);
    }

    @Test
    void levelsRiseAtTheirWatermarksAndFallOnlyFivePointsBelow() {
        FakeSampler s = new FakeSampler();
        MemoryPressure p = pressure(s);
        s.fill = 0.91;
        p.sample();
        assertEquals(MemoryPressure.REJECT, p.level());
        s.fill = 0.89;
        p.sample();
        assertEquals(MemoryPressure.REJECT, p.level(), "just below the watermark: still refusing");
        s.fill = 0.86;
        p.sample();
        assertEquals(MemoryPressure.REJECT, p.level(), "within the hysteresis");
        s.fill = 0.84;
        p.sample();
        assertEquals(MemoryPressure.WARN, p.level(), "more than 5 points below 90%");
        s.fill = 0.88;
        p.sample();
        assertEquals(MemoryPressure.WARN, p.level(), "rising below the watermark does not refuse");
        s.fill = 0.97;
        p.sample();
        assertEquals(MemoryPressure.REFUSE, p.level());
        s.fill = 0.10;
        p.sample();
        assertEquals(MemoryPressure.OK, p.level(), "a large drop goes straight to OK");
        assertFalse(p.rejectingRequests());
    }

    @Test
    void aStaleFigureWhileRefusingAsksForACollectionRateLimited() throws Exception {
        FakeSampler s = new FakeSampler();
        MemoryPressure p = pressure(s);
        s.fill = 0.92;
        s.sinceCollection = 0;
        p.sample();
        assertEquals(0, s.requested, "a fresh figure needs no collection");
        s.sinceCollection = TimeUnit.SECONDS.toNanos(10);
        p.sample();
        assertEquals(1, s.requested, "stale while refusing: one collection asked for");
        for (int i = 0; i < 10; i++) {
            p.sample();
        }
        assertEquals(1, s.requested, "at most one per recheck interval");
        Thread.sleep(250);
        p.sample();
        assertEquals(2, s.requested, "and another once the interval passed");
        assertEquals(2, p.collectionsRequested());
    }

    @Test
    void noCollectionIsAskedForBelowTheRejectLevel() {
        FakeSampler s = new FakeSampler();
        MemoryPressure p = pressure(s);
        s.fill = 0.85;
        s.sinceCollection = TimeUnit.HOURS.toNanos(1);
        for (int i = 0; i < 5; i++) {
            p.sample();
        }
        assertEquals(MemoryPressure.WARN, p.level());
        assertEquals(0, s.requested);
    }

    @Test
    void refusalsRecoverOnTheirOwnOnceTheCollectionShowsMemoryFreed() {
        FakeSampler s = new FakeSampler();
        MemoryPressure p = pressure(s);
        s.fill = 0.96;
        p.sample();
        assertTrue(p.refusingConnections());
        // memory is freed, but no collection runs: the figure stays at 96% ...
        s.sinceCollection = TimeUnit.SECONDS.toNanos(30);
        s.afterCollection = 0.05;
        p.sample(); // ... until the sampler asks for one,
        assertEquals(1, s.requested);
        p.sample(); // and the next sample sees what it freed.
        assertEquals(MemoryPressure.OK, p.level());
        assertFalse(p.rejectingRequests());
    }

    @Test
    void aLargeMessageIsWeighedAgainstTheHeadroomBeforeItIsDecoded() {
        FakeSampler s = new FakeSampler();
        MemoryPressure p = pressure(s);
        long maxHeap = Runtime.getRuntime().maxMemory();
        s.fill = 0.85;
        p.sample();
        assertTrue(p.admitsMessage(MemoryPressure.LARGE_MESSAGE_BYTES - 1), "small messages cost one volatile read");
        long tenPercent = (long) (0.10 * maxHeap / MemoryPressure.TREE_BYTES_PER_BYTE);
        assertFalse(p.admitsMessage(tenPercent), "85% + 10% decoded would pass the 90% watermark");
        assertTrue(p.admitsMessage(Math.max(MemoryPressure.LARGE_MESSAGE_BYTES, tenPercent / 10)), "85% + 1% fits");
        assertEquals(1, p.largeMessagesRefused());
        s.fill = 0.92;
        p.sample();
        assertFalse(p.admitsMessage(10), "refusing: nothing is admitted");
    }
}
