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

    /**
     * Producers racing on the queue's tail must not leave a task without a wake-up: a worker
     * that finds the head slot claimed but not yet published waits for it instead of dropping
     * its permit, which stranded a task until the next submit. Bursts from several threads at
     * once, then quiet: every task of every burst runs without a later submit to push it. (The
     * window is a few instructions wide, so this guards more than it reproduces.)
     */
    @Test
    void everyTaskOfABurstFromManyProducersRunsWithoutALaterSubmit() throws Exception {
        WorkerPool pool = new WorkerPool(2, 1024);
        int producers = 4;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(producers);
        try {
            for (int round = 0; round < 2_000; round++) {
                CountDownLatch ran = new CountDownLatch(producers);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(producers);
                for (int p = 0; p < producers; p++) {
                    threads.execute(() -> {
                        try {
                            start.await();
                        } catch (Exception e) {
                            return;
                        }
                        pool.trySubmit(ran::countDown);
                    });
                }
                assertTrue(ran.await(5, TimeUnit.SECONDS), "round " + round + ": a task was stranded");
            }
        } finally {
            threads.shutdownNow();
            pool.close(1_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
