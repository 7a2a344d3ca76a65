package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void refusesAtTheRejectWatermarkAndRunsEverythingItAccepted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        WorkerPool pool = new WorkerPool(1, 64);
        try {
            assertTrue(pool.trySubmit(() -> {
                started.countDown();
                await(release);
                ran.incrementAndGet();
            }));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            int accepted = 0;
            while (pool.trySubmit(ran::incrementAndGet)) {
                accepted++;
            }
            assertEquals(64 * 95 / 100, accepted, "refused from 95% of capacity");
            assertEquals(accepted, pool.queueDepth());
            release.countDown();
        } finally {
            pool.close(5_000);
        }
        assertFalse(pool.trySubmit(() -> { }), "a closed pool takes nothing");
        assertEquals(1 + 64 * 95 / 100, ran.get(), "every accepted task ran before close returned");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
