package dev.tachyon.benchmarks.handoff;

import java.util.concurrent.Semaphore;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * The contender: the worker pool as it was before issue 10 (one Agrona queue shared by every
 * session, a semaphore counting queued tasks, no per-session share), kept here to measure what
 * the fair pool's hand-off costs against it. Not used by the server.
 */
final class SharedQueuePool implements AutoCloseable {

    private final ManyToManyConcurrentArrayQueue<Runnable> queue;
    private final Semaphore queued = new Semaphore(0);
    private final Thread[] threads;
    private final int rejectAt;
    private volatile boolean closed;

    SharedQueuePool(int threads, int capacity) {
        this.queue = new ManyToManyConcurrentArrayQueue<>(capacity);
        this.rejectAt = Math.max(1, queue.capacity() * 95 / 100);
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "shared-queue-worker-" + i);
            t.setDaemon(true);
            this.threads[i] = t;
            t.start();
        }
    }

    boolean trySubmit(Runnable task) {
        if (closed || queue.size() >= rejectAt || !queue.offer(task)) {
            return false;
        }
        queued.release();
        return true;
    }

    private void work() {
        while (!closed) {
            try {
                queued.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Runnable task;
            while ((task = queue.poll()) == null) {
                if (closed) {
                    return;
                }
                Thread.onSpinWait();
            }
            task.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
