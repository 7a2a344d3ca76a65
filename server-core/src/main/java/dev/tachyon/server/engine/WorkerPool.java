package dev.tachyon.server.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking handlers off the event loops, sharing the workers fairly between
 * {@link Lane lanes} (one per session in the engine; the key is the caller's choice).
 *
 * <pre>
 *   trySubmit(lane, task):  lane FIFO  --(lane has work and fewer than maxRunningPerLane running)-->
 *                           ready queue of lanes (each lane in it at most once)  --> idle worker
 *   a worker takes the lane at the head, runs ONE task of it, and the lane goes back to the
 *   tail while it has queued work and room under its share: round-robin across lanes.
 * </pre>
 *
 * <p>Limits, all counted here (exactly the configured numbers, not a power of two):
 * the queue holds at most {@code capacity} tasks and refuses from 95% of it
 * ({@link #QUEUE_FULL}; crossing 75% logs a warning and counts {@link #warnings()}); a lane
 * holds at most {@code maxQueuedPerLane} queued tasks ({@link #LANE_FULL}) and runs at most
 * {@code maxRunningPerLane} at once, so one lane can neither take every worker nor fill the queue.
 *
 * <p>{@link #trySubmit} never blocks and takes no lock: a few CASes and a lock-free queue offer.
 * Expected conditions are return codes, not exceptions. {@link Lane#close()} drops a lane's
 * queued tasks at once (they never run). Idle workers sleep on a semaphore that counts entries
 * of the ready queue, so an idle pool uses no CPU.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /** {@link #trySubmit(Lane, Runnable)}: queued; it will run unless its lane is closed first. */
    public static final int ACCEPTED = 0;
    /** Refused: the pool's queue is at its reject watermark (95% of capacity). */
    public static final int QUEUE_FULL = -1;
    /** Refused: the lane already has its share of the queue queued. */
    public static final int LANE_FULL = -2;
    /** Refused: the pool or the lane is closed. */
    public static final int CLOSED = -3;

    private final ConcurrentLinkedQueue<Lane> ready = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final Thread[] threads;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Tasks queued in every lane (reserved before the offer, so the capacity is never exceeded). */
    private final AtomicInteger depth = new AtomicInteger();
    private final int capacity;
    private final int warnAt;
    private final int rejectAt;
    private final int maxRunningPerLane;
    private final int maxQueuedPerLane;
    /** Tasks submitted without a lane: limited only by the pool's own queue and workers. */
    private final Lane shared;
    /** How long {@link #close(long)} waits for the workers it interrupted to hand their answers over. */
    private static final long INTERRUPTED_GRACE_MILLIS = 1_000;
    /** Set by {@link #close(long)} before it interrupts the workers still busy. */
    private volatile boolean interruptedByClose;
    /** Racy on purpose: at worst the warning is logged twice. */
    private volatile boolean warned;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder laneRejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder warnings = new LongAdder();

    /**
     * A pool without per-lane shares (every lane may use every worker and the whole queue).
     *
     * @param threads worker threads
     * @param capacity tasks the queue holds, exactly
     */
    public WorkerPool(int threads, int capacity) {
        this(threads, capacity, threads, capacity);
    }

    /**
     * @param threads           worker threads, {@code >= 1}
     * @param capacity          tasks the queue holds, exactly; refused from 95% of it
     * @param maxRunningPerLane tasks of one lane running at once, {@code 1..threads} (larger is clamped)
     * @param maxQueuedPerLane  tasks of one lane queued at once, {@code >= 1}
     */
    public WorkerPool(int threads, int capacity, int maxRunningPerLane, int maxQueuedPerLane) {
        if (threads < 1 || capacity < 1 || maxRunningPerLane < 1 || maxQueuedPerLane < 1) {
            throw new IllegalArgumentException("threads, capacity and shares must be positive: " + threads + ", "
                    + capacity + ", " + maxRunningPerLane + ", " + maxQueuedPerLane);
        }
        this.capacity = capacity;
        this.warnAt = capacity * 3 / 4;
        this.rejectAt = Math.max(1, (int) ((long) capacity * 95 / 100));
        this.maxRunningPerLane = Math.min(maxRunningPerLane, threads);
        this.maxQueuedPerLane = maxQueuedPerLane;
        this.shared = new Lane();
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Worker(this, "tachyon-worker-" + i);
            t.setDaemon(true);
            this.threads[i] = t;
            t.start();
        }
    }

    /** A new lane with this pool's shares; close it when its owner ends. */
    public Lane newLane() {
        return new Lane();
    }

    /**
     * Queues a task outside any lane (no share applies); false when the queue is at its reject
     * watermark or the pool is closed.
     */
    public boolean trySubmit(Runnable task) {
        return trySubmit(shared, task) == ACCEPTED;
    }

    /**
     * Queues {@code task} in {@code lane}: {@link #ACCEPTED}, or why not ({@link #LANE_FULL},
     * {@link #QUEUE_FULL}, {@link #CLOSED}). Never blocks. Crossing the warn watermark (75%)
     * logs once until the queue drains below half of it.
     */
    public int trySubmit(Lane lane, Runnable task) {
        if (closed.get() || lane.closed) {
            rejected.increment();
            return CLOSED;
        }
        if ((int) Lane.HELD.getAndAdd(lane, 1) >= lane.maxQueued()) {
            Lane.HELD.getAndAdd(lane, -1);
            laneRejected.increment();
            return LANE_FULL;
        }
        int before = depth.getAndIncrement();
        if (before >= rejectAt) {
            depth.decrementAndGet();
            Lane.HELD.getAndAdd(lane, -1);
            rejected.increment();
            return QUEUE_FULL;
        }
        lane.tasks.offer(task);
        lane.counted();
        if (lane.closed) {
            lane.drop(); // closed while we offered: the task must not wait for a lane nobody serves
        }
        if (before >= warnAt) {
            if (!warned) {
                warned = true;
                warnings.increment();
                LOG.warn("worker queue {}% full ({} of {}); requests are refused at 95%",
                        (long) before * 100 / capacity, before, capacity);
            }
        } else if (warned && before < warnAt / 2) {
            warned = false;
        }
        return ACCEPTED;
    }

    /** Tasks waiting now, in every lane. */
    public int queueDepth() {
        return depth.get();
    }

    /** Tasks refused because the queue was at its reject watermark (or the pool closed) since start. */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** Tasks refused because their lane had its share of the queue, since start. */
    public long laneRejectedCount() {
        return laneRejected.sum();
    }

    /** Queued tasks dropped unrun because their lane closed, since start. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Times the queue crossed its warn watermark (75%) since start. */
    public long warnings() {
        return warnings.sum();
    }

    /** The queue's capacity, exactly as configured. */
    public int capacity() {
        return capacity;
    }

    /** Tasks of one lane that may run at once. */
    public int maxRunningPerLane() {
        return maxRunningPerLane;
    }

    /** Tasks of one lane that may be queued at once. */
    public int maxQueuedPerLane() {
        return maxQueuedPerLane;
    }

    /** Worker threads. */
    public int threads() {
        return threads.length;
    }

    private void schedule(Lane lane) {
        ready.offer(lane);
        wakeups.release();
    }

    private void work() {
        while (true) {
            try {
                wakeups.acquire();
            } catch (InterruptedException e) {
                if (closed.get()) {
                    return;
                }
                continue; // a cancelled task's interrupt that arrived late: not ours
            }
            Lane lane = take();
            if (lane == null) {
                return; // closing, and nothing left to run
            }
            Runnable task = lane.claim();
            if (task == null) {
                continue; // the lane was closed and its tasks dropped after it was scheduled
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("worker task failed", t);
            }
            Thread.interrupted(); // clear an interrupt aimed at the finished task
            lane.finished();
        }
    }

    /**
     * The lane this worker's permit stands for; null only when the pool is closing with nothing
     * ready. A permit is released after its lane's offer completed, but with several producers
     * the lane may not be visible at the head yet: spin until it is, since giving up would
     * strand the lane with no permit until some later submit.
     */
    private Lane take() {
        while (true) {
            Lane lane = ready.poll();
            if (lane != null) {
                return lane;
            }
            if (closed.get() && ready.isEmpty()) {
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
        // Workers exit once nothing is ready; one extra permit each wakes the idle ones. A lane
        // at its share is not ready, but a worker is running it and schedules it when done.
        wakeups.release(threads.length);
        join(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        int busy = 0;
        for (Thread t : threads) {
            busy += t.isAlive() ? 1 : 0;
        }
        if (busy > 0) {
            // Said once here: each interrupted call is answered SHUTTING_DOWN (see stoppedByClose), not logged.
            LOG.warn("closing: interrupting {} worker(s) still running calls after the {} ms drain", busy, timeoutMillis);
        }
        interruptedByClose = true;
        for (Thread t : threads) {
            t.interrupt();
        }
        if (busy > 0) {
            // A handler that honours its interrupt hands its answer to its connection's event loop
            // now; waiting briefly queues that answer ahead of the close that follows this drain.
            join(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERRUPTED_GRACE_MILLIS));
        }
    }

    /** Waits for the workers to end, until {@code deadline} ({@link System#nanoTime()}). */
    private void join(long deadline) {
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                t.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether the calling thread is a worker its pool interrupted because the pool closed with
     * the call still running (past the drain): what the call then throws is the shutdown's, not
     * a failure of the handler.
     */
    static boolean stoppedByClose() {
        Thread t = Thread.currentThread();
        return t instanceof Worker && ((Worker) t).pool.interruptedByClose;
    }

    /** A worker thread, which knows its pool (for {@link #stoppedByClose()}). */
    private static final class Worker extends Thread {
        private final WorkerPool pool;

        Worker(WorkerPool pool, String name) {
            super(pool::work, name);
            this.pool = pool;
        }
    }

    /**
     * One owner's share of the pool (the engine's: a session): a FIFO of its tasks, how many
     * of them run now, and whether it waits in the ready queue. Thread-safe; lock-free.
     *
     * <pre>
     *   state (one long, CAS):  | queued: 31 bits | running: 31 bits | scheduled: 1 bit |
     *                            63            32  31               1   0
     *   queued     tasks offered to {@code tasks} and counted, not yet claimed by a worker
     *   running    tasks claimed, not yet finished
     *   scheduled  the lane is in the ready queue (at most once); set only by whoever pushes it
     *   invariant  queued > 0 and running &lt; maxRunning  implies  scheduled (or about to be)
     * </pre>
     */
    public final class Lane {

        private static final long SCHEDULED = 1L;
        private static final long ONE_RUNNING = 2L;
        private static final long ONE_QUEUED = 1L << 32;
        static final VarHandle STATE;
        static final VarHandle HELD;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                STATE = lookup.findVarHandle(Lane.class, "state", long.class);
                HELD = lookup.findVarHandle(Lane.class, "held", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        @SuppressWarnings("unused") // through STATE
        private volatile long state;
        /** Places of the lane's queue share taken: reserved before the offer, given back when a task leaves the queue. */
        @SuppressWarnings("unused") // through HELD
        private volatile int held;
        private volatile boolean closed;

        private Lane() {
        }

        /*
         * The shares are the pool's (the shared lane's: the whole pool), not fields: a session's
         * lane lives as long as the session, and two ints made it 8 bytes larger.
         */
        private int maxRunning() {
            return this == shared ? threads.length : maxRunningPerLane;
        }

        private int maxQueued() {
            return this == shared ? capacity : maxQueuedPerLane;
        }

        /** Tasks of this lane queued now. */
        public int queued() {
            return (int) (state >>> 32);
        }

        /** Tasks of this lane running now. */
        public int running() {
            return running(state);
        }

        /**
         * Closes the lane: later submits are refused, queued tasks are dropped now (never run),
         * running ones finish. Returns how many were dropped. Idempotent.
         */
        public int close() {
            closed = true;
            return drop();
        }

        private static int running(long s) {
            return (int) ((s & 0xFFFF_FFFFL) >>> 1);
        }

        /** A task was offered: count it, and put the lane in the ready queue if it may run one more. */
        private void counted() {
            long s;
            long next;
            boolean push;
            do {
                s = state;
                push = (s & SCHEDULED) == 0 && running(s) < maxRunning();
                next = s + ONE_QUEUED + (push ? SCHEDULED : 0);
            } while (!STATE.compareAndSet(this, s, next));
            if (push) {
                schedule(this);
            }
        }

        /**
         * Called by the worker that took this lane from the ready queue: claims the next task,
         * or returns null when the lane's tasks were dropped meanwhile. The lane goes back to
         * the tail of the ready queue when it still has work and room under its share.
         */
        private Runnable claim() {
            long s;
            long next;
            boolean again;
            do {
                s = state;
                long queued = s >>> 32;
                if (queued == 0) {
                    again = false;
                    next = s & ~SCHEDULED;
                } else {
                    again = queued > 1 && running(s) + 1 < maxRunning();
                    next = (s - ONE_QUEUED + ONE_RUNNING) & (again ? ~0L : ~SCHEDULED);
                }
            } while (!STATE.compareAndSet(this, s, next));
            if (s >>> 32 == 0) {
                return null;
            }
            if (again) {
                schedule(this);
            }
            Runnable task = tasks.poll(); // never null: every count follows a completed offer
            leave();
            return task;
        }

        /** A worker finished one of this lane's tasks: schedule the lane again if it waits for room. */
        private void finished() {
            long s;
            long next;
            boolean push;
            do {
                s = state;
                push = (s & SCHEDULED) == 0 && (s >>> 32) > 0;
                next = s - ONE_RUNNING + (push ? SCHEDULED : 0);
            } while (!STATE.compareAndSet(this, s, next));
            if (push) {
                schedule(this);
            }
        }

        /** Claims every queued task and drops it. */
        private int drop() {
            long s;
            do {
                s = state;
                if (s >>> 32 == 0) {
                    return 0;
                }
            } while (!STATE.compareAndSet(this, s, s & 0xFFFF_FFFFL));
            int n = (int) (s >>> 32);
            for (int i = 0; i < n; i++) {
                tasks.poll();
                leave();
            }
            dropped.add(n);
            return n;
        }

        /** One task left the queue (claimed or dropped): give back its places. */
        private void leave() {
            HELD.getAndAdd(this, -1);
            depth.decrementAndGet();
        }
    }
}
