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

    @Test
    void theConfiguredCapacityIsExactNotAPowerOfTwo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WorkerPool pool = new WorkerPool(1, 10_000);
        try {
            CountDownLatch started = new CountDownLatch(1);
            pool.trySubmit(() -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            int accepted = 0;
            while (pool.trySubmit(() -> { })) {
                accepted++;
            }
            assertEquals(10_000, pool.capacity());
            assertEquals(9_500, accepted, "refused from 95% of 10000, not of 16384");
            assertEquals(1, pool.warnings(), "crossing 75% warned once");
            assertEquals(1, pool.rejectedCount());
        } finally {
            release.countDown();
            pool.close(5_000);
        }
    }

    /** The reproduction: 4 workers, one session's 8 long calls must not delay another's short one. */
    @Test
    void oneLaneCannotHoldMoreThanItsShareOfTheWorkers() throws Exception {
        WorkerPool pool = new WorkerPool(4, 100, 2, 50);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        try {
            WorkerPool.Lane greedy = pool.newLane();
            for (int i = 0; i < 8; i++) {
                assertEquals(WorkerPool.ACCEPTED, pool.trySubmit(greedy, () -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    await(release);
                    running.decrementAndGet();
                    finished.incrementAndGet();
                }));
            }
            WorkerPool.Lane polite = pool.newLane();
            CountDownLatch served = new CountDownLatch(1);
            assertEquals(WorkerPool.ACCEPTED, pool.trySubmit(polite, served::countDown));
            // the greedy lane's calls are held until release, so served at all means served beside them:
            // no wall-clock bound, which a loaded machine could miss
            assertTrue(served.await(5, TimeUnit.SECONDS), "the other lane's call ran while the greedy one waits");
            // The polite call may finish before a worker has taken the greedy lane's second call,
            // and the pool counts a call as running before its body has begun: wait for both.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((greedy.running() < 2 || running.get() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(2, greedy.running());
            assertEquals(2, running.get(), "the lane's share of the workers is running its calls");
            assertEquals(6, greedy.queued());
            assertEquals(6, pool.queueDepth());
        } finally {
            release.countDown();
            pool.close(5_000);
        }
        assertEquals(8, finished.get(), "all eight ran");
        assertEquals(2, mostRunning.get(), "never more than the share at once");
        assertEquals(0, running.get());
    }

    @Test
    void aLaneOverItsQueueShareIsRefusedAtOnceWhileOthersAreAccepted() throws Exception {
        WorkerPool pool = new WorkerPool(1, 100, 1, 3);
        CountDownLatch release = new CountDownLatch(1);
        try {
            WorkerPool.Lane flood = pool.newLane();
            CountDownLatch started = new CountDownLatch(1);
            pool.trySubmit(flood, () -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                assertEquals(WorkerPool.ACCEPTED, pool.trySubmit(flood, () -> { }));
            }
            assertEquals(WorkerPool.LANE_FULL, pool.trySubmit(flood, () -> { }));
            assertEquals(1, pool.laneRejectedCount());
            assertEquals(WorkerPool.ACCEPTED, pool.trySubmit(pool.newLane(), () -> { }), "another lane still queues");
        } finally {
            release.countDown();
            pool.close(5_000);
        }
    }

    /** A closed lane's queued tasks leave the queue at once and never run; its running task finishes. */
    @Test
    void closingALaneDropsItsQueuedTasksAtOnce() throws Exception {
        WorkerPool pool = new WorkerPool(2, 100, 1, 50);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            WorkerPool.Lane lane = pool.newLane();
            CountDownLatch started = new CountDownLatch(1);
            pool.trySubmit(lane, () -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                pool.trySubmit(lane, ran::incrementAndGet);
            }
            assertEquals(10, pool.queueDepth());
            assertEquals(10, lane.close());
            assertEquals(0, pool.queueDepth(), "the queue is free again at once");
            assertEquals(10, pool.droppedCount());
            assertEquals(WorkerPool.CLOSED, pool.trySubmit(lane, ran::incrementAndGet));
            release.countDown();
            CountDownLatch after = new CountDownLatch(1);
            assertTrue(pool.trySubmit(after::countDown));
            assertTrue(after.await(5, TimeUnit.SECONDS), "the pool goes on after the drop");
        } finally {
            release.countDown();
            pool.close(5_000);
        }
        assertEquals(0, ran.get(), "dropped tasks never ran");
    }

    /**
     * Lanes served in turn: with one worker, a lane that queued many tasks first and a lane that
     * queued one later alternate, so the late one runs second, not last.
     */
    @Test
    void lanesTakeTurns() throws Exception {
        WorkerPool pool = new WorkerPool(1, 100, 1, 50);
        CountDownLatch release = new CountDownLatch(1);
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch done = new CountDownLatch(6);
        try {
            CountDownLatch started = new CountDownLatch(1);
            pool.trySubmit(() -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            WorkerPool.Lane a = pool.newLane();
            WorkerPool.Lane b = pool.newLane();
            for (int i = 0; i < 4; i++) {
                pool.trySubmit(a, () -> {
                    order.add("a");
                    done.countDown();
                });
            }
            for (int i = 0; i < 2; i++) {
                pool.trySubmit(b, () -> {
                    order.add("b");
                    done.countDown();
                });
            }
            release.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
        } finally {
            pool.close(5_000);
        }
        assertEquals(java.util.List.of("a", "b", "a", "b", "a", "a"), order);
    }

    /**
     * Concurrency: producers on several threads submit to shared lanes while other threads close
     * lanes; every accepted task either runs once or is dropped once, no lane ever runs more than
     * its share at once, and the counts return to zero.
     */
    @Test
    void underConcurrentSubmitsAndClosesEveryTaskRunsOrIsDroppedExactlyOnce() throws Exception {
        int threads = 4;
        int share = 2;
        WorkerPool pool = new WorkerPool(threads, 5_000, share, 200);
        int producers = 4;
        int lanes = 16;
        java.util.concurrent.ExecutorService pool2 = java.util.concurrent.Executors.newFixedThreadPool(producers + 1);
        java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong ran = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger overShare = new AtomicInteger();
        try {
            for (int round = 0; round < 30; round++) {
                WorkerPool.Lane[] lane = new WorkerPool.Lane[lanes];
                AtomicInteger[] active = new AtomicInteger[lanes];
                for (int i = 0; i < lanes; i++) {
                    lane[i] = pool.newLane();
                    active[i] = new AtomicInteger();
                }
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(producers + 1);
                java.util.List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int seed = p;
                    jobs.add(pool2.submit(() -> {
                        start.await();
                        java.util.Random random = new java.util.Random(seed);
                        for (int i = 0; i < 500; i++) {
                            int l = random.nextInt(lanes);
                            AtomicInteger counter = active[l];
                            if (pool.trySubmit(lane[l], () -> {
                                if (counter.incrementAndGet() > share) {
                                    overShare.incrementAndGet();
                                }
                                ran.incrementAndGet();
                                counter.decrementAndGet();
                            }) == WorkerPool.ACCEPTED) {
                                accepted.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                jobs.add(pool2.submit(() -> {
                    start.await();
                    for (int i = 0; i < lanes; i += 3) {
                        Thread.onSpinWait();
                        lane[i].close();
                    }
                    return null;
                }));
                for (java.util.concurrent.Future<?> job : jobs) {
                    job.get(10, TimeUnit.SECONDS);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ran.get() + pool.droppedCount() < accepted.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            pool2.shutdownNow();
            pool.close(5_000);
        }
        assertEquals(accepted.get(), ran.get() + pool.droppedCount(), "each accepted task ran or was dropped, once");
        assertEquals(0, pool.queueDepth());
        assertEquals(0, overShare.get(), "no lane ran more than its share at once");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
