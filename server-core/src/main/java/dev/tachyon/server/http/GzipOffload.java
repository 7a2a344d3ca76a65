package dev.tachyon.server.http;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where large response bodies are gzipped when the body was written on an event loop: a few
 * daemon threads with a bounded queue, shared by every HTTP endpoint of the JVM. Level 1 takes
 * about 27 ms for a 4 MiB body, time during which every other connection of that loop would
 * wait; here only the response being compressed waits (a connection answers one request at a
 * time, so its responses stay in order).
 *
 * <p>Bounded: {@link #THREADS} threads and {@link #QUEUED} bodies waiting, each at most the
 * response-size bound; when full, {@link #execute} refuses and the caller sends the body as it
 * is (compression is never owed to a client). Threads end after {@link #IDLE_SECONDS} idle, so
 * an embedding application that stops its server keeps none.
 */
final class GzipOffload {

    /** Bodies from this size are compressed here; smaller ones cost less to compress than to hand over. */
    static final int MIN_BYTES = 32 * 1024;
    /** Half the cores (at least one): compression must not crowd out the event loops. */
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    /** Bodies waiting for a thread, beyond those being compressed. */
    static final int QUEUED = 64;
    private static final long IDLE_SECONDS = 30;

    private static final ThreadPoolExecutor POOL = pool();

    private GzipOffload() {
    }

    private static ThreadPoolExecutor pool() {
        // FastThreadLocalThreads: GzipBody's per-thread deflaters are ended when a thread ends.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), new DefaultThreadFactory("tachyon-gzip", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs {@code task} on a compression thread; false, without running it, when all are busy and the queue is full. */
    static boolean execute(Runnable task) {
        try {
            POOL.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
