package dev.tachyon.server.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking handlers off the event loops, fed by a bounded Agrona queue.
 *
 * <p>{@link #trySubmit} never blocks: a queue at its reject watermark is an expected condition
 * and returns false (the caller answers with an overload error). Idle workers sleep on a semaphore that counts
 * queued tasks, so an idle pool uses no CPU.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final ManyToManyConcurrentArrayQueue<Runnable> queue;
    private final Semaphore queued = new Semaphore(0);
    private final Thread[] threads;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int warnAt;
    private final int rejectAt;
    /** Racy on purpose: at worst the warning is logged twice. */
    private volatile boolean warned;
    private final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param threads worker threads
     * @param capacity queue capacity (rounded up to a power of two by Agrona)
     */
    public WorkerPool(int threads, int capacity) {
        this.queue = new ManyToManyConcurrentArrayQueue<>(capacity);
        this.warnAt = queue.capacity() * 3 / 4;
        this.rejectAt = Math.max(1, queue.capacity() * 95 / 100);
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "tachyon-worker-" + i);
            t.setDaemon(true);
            this.threads[i] = t;
            t.start();
        }
    }

    /**
     * Queues a task; false when the queue is at its reject watermark (95% of capacity) or the
     * pool is closed. Crossing the warn watermark (75%) logs once until the queue drains below half.
     */
    public boolean trySubmit(Runnable task) {
        int depth = queue.size();
        if (closed.get() || depth >= rejectAt || !queue.offer(task)) {
            rejected.increment();
            return false;
        }
        if (depth >= warnAt) {
            if (!warned) {
                warned = true;
                LOG.warn("worker queue {}% full ({} of {}); requests are refused at 95%",
                        depth * 100 / queue.capacity(), depth, queue.capacity());
            }
        } else if (warned && depth < warnAt / 2) {
            warned = false;
        }
        queued.release();
        return true;
    }

    /** Tasks waiting now. */
    public int queueDepth() {
        return queue.size();
    }

    /** Tasks refused since the pool started (queue at its reject watermark, or closed). */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** The queue's capacity. */
    public int capacity() {
        return queue.capacity();
    }

    private void work() {
        while (true) {
            try {
                queued.acquire();
            } catch (InterruptedException e) {
                if (closed.get()) {
                    return;
                }
                continue; // a cancelled task's interrupt that arrived late: not ours
            }
            Runnable task = take();
            if (task == null) {
                return; // closing, and nothing left to run
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("worker task failed", t);
            }
            Thread.interrupted(); // clear an interrupt aimed at the finished task
        }
    }

    /**
     * The task this worker's permit stands for; null only when the pool is closing with nothing
     * queued. A permit is released after its task's offer completed, but with several producers
     * the head slot may belong to an offer still in progress (claimed, not yet published): poll
     * then returns null although a task is there. Giving up would strand the published task with
     * no permit until some later submit, so spin until the head is published.
     */
    private Runnable take() {
        while (true) {
            Runnable task = queue.poll();
            if (task != null) {
                return task;
            }
            if (closed.get() && queue.isEmpty()) {
                return null;
            }
            Thread.onSpinWait();
        }
    }

    /** Stops accepting tasks and lets queued and running ones finish for up to 5 s, then interrupts them. */
    @Override
    public void close() {
        close(5_000);
    }

    /**
     * Stops accepting tasks, lets queued and running tasks finish for up to {@code timeoutMillis},
     * then interrupts the workers still busy.
     */
    public void close(long timeoutMillis) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Workers exit once the queue is empty; one extra permit each wakes the idle ones.
        queued.release(threads.length);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                t.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
