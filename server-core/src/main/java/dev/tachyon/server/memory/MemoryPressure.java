package dev.tachyon.server.memory;

import dev.tachyon.bufferpool.PoolMetrics;
import dev.tachyon.server.memory.HeapAfterGc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How full memory is, sampled a few times a second off the hot path, as one of three levels
 * that the engine and the transports read with a single volatile load.
 *
 * <pre>
 *   fill = max(heap live after last GC / max heap, Netty direct in use / max direct)
 *   fill >= warn               -> WARN    (logged once per crossing)
 *   fill >= reject             -> REJECT  (new requests answered -32001 reason "memory")
 *   fill >= refuse-connections -> REFUSE  (new connections also refused)
 *   a level is left only when fill is HYSTERESIS below its watermark, so it does not flap
 * </pre>
 * Heap is measured as the pools' usage after their last collection, so garbage that the next
 * young collection frees does not count; direct memory is Netty's exact counter.
 *
 * <p>Bounded staleness: the heap figure only changes when a collection runs, and a server that
 * refuses requests allocates too little to cause one, so it would refuse long after memory was
 * freed. While at {@link #REJECT} or above with no collection for {@code recheck}, the sampler
 * is asked for one (at most once per {@code recheck}); refusals then end within about
 * {@code recheck} of the memory being freed, with no client traffic.
 */
public final class MemoryPressure {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryPressure.class);

    /** Below every watermark. */
    public static final int OK = 0;
    /** Above the warn watermark. */
    public static final int WARN = 1;
    /** Above the reject watermark: refuse new requests. */
    public static final int REJECT = 2;
    /** Above the refuse-connections watermark: refuse new connections too. */
    public static final int REFUSE = 3;
    /** How far below a watermark the fill must fall to leave its level (5 points of the maximum). */
    public static final double HYSTERESIS = 0.05;
    /** Messages from this size on are weighed against the headroom by {@link #admitsMessage} before they are decoded. */
    public static final int LARGE_MESSAGE_BYTES = 64 * 1024;
    /**
     * A decoded JSON tree takes up to about this many times its text on the heap (boxed numbers,
     * string and map overheads): a 4 MiB message of small values can become some 30 MiB.
     */
    public static final int TREE_BYTES_PER_BYTE = 8;
    /** The default {@code recheck}: at most this stale while refusing. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(5);

    /** What the levels are computed from; by default a figure that is never stale. */
    @FunctionalInterface
    public interface Sampler {
        /** The fill now, 0..1. */
        double fill();

        /** Nanoseconds since the figure behind {@link #fill()} was last refreshed by a collection. */
        default long nanosSinceCollection() {
            return 0;
        }

        /** Asks for a collection without waiting for it (never blocks the caller). */
        default void requestCollection() {
        }
    }

    private final double warn;
    private final double reject;
    private final double refuse;
    private final Sampler sampler;
    private final long recheckNanos;
    private volatile int level = OK;
    private volatile double lastFill;
    /** When a collection was last requested; meaningful only once {@link #collectionsRequested} > 0. */
    private long lastRequestNanos;
    private final LongAdder collectionsRequested = new LongAdder();
    private final LongAdder largeRefused = new LongAdder();
    private final long maxHeapBytes = Runtime.getRuntime().maxMemory();

    /**
     * Levels from a plain fill that is never stale (tests, embedders with their own measure).
     *
     * @param warn, reject, refuse fractions of the maximum (0..1], in increasing order
     */
    public MemoryPressure(double warn, double reject, double refuse, DoubleSupplier fill) {
        this(warn, reject, refuse, DEFAULT_RECHECK, fill::getAsDouble);
    }

    /**
     * @param warn, reject, refuse fractions of the maximum (0..1], in increasing order
     * @param recheck while refusing, the longest the fill may go without a collection before one is requested
     * @param sampler {@link #jvm()} in production
     */
    public MemoryPressure(double warn, double reject, double refuse, Duration recheck, Sampler sampler) {
        if (!(0 < warn && warn <= reject && reject <= refuse && refuse <= 1)) {
            throw new IllegalArgumentException("need 0 < warn <= reject <= refuse <= 1: " + warn + ", " + reject + ", " + refuse);
        }
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive: " + recheck);
        }
        this.warn = warn;
        this.reject = reject;
        this.refuse = refuse;
        this.recheckNanos = recheck.toNanos();
        this.sampler = sampler;
    }

    /** Never under pressure (for embedders and tests that do not want the check). */
    public static MemoryPressure none() {
        return new MemoryPressure(1, 1, 1, () -> 0);
    }

    /**
     * Takes one sample and updates the level; called periodically by the server (from one
     * thread at a time). Never blocks: a collection it asks for runs elsewhere.
     */
    public void sample() {
        double f = sampler.fill();
        lastFill = f;
        int previous = level;
        int up = levelOf(f);
        int next = up >= previous ? up : Math.min(previous, levelOf(f + HYSTERESIS));
        if (next != previous) {
            level = next;
            if (next > previous) {
                LOG.warn("memory {}% full: {}", Math.round(f * 100), describe(next));
            } else {
                LOG.info("memory {}% full: {}", Math.round(f * 100), describe(next));
            }
        }
        if (next >= REJECT && sampler.nanosSinceCollection() >= recheckNanos) {
            long now = System.nanoTime();
            if (collectionsRequested.sum() == 0 || now - lastRequestNanos >= recheckNanos) {
                lastRequestNanos = now;
                collectionsRequested.increment();
                sampler.requestCollection();
            }
        }
    }

    private int levelOf(double f) {
        return f >= refuse ? REFUSE : f >= reject ? REJECT : f >= warn ? WARN : OK;
    }

    /** The level as of the last sample. */
    public int level() {
        return level;
    }

    /** The fill (0..1) as of the last sample. */
    public double lastFill() {
        return lastFill;
    }

    /** Collections asked for because the figure was stale while refusing, since start. */
    public long collectionsRequested() {
        return collectionsRequested.sum();
    }

    /**
     * The one check before a large allocation a client causes (decoding its message into a
     * tree): false while requests are refused, and false for a message of
     * {@link #LARGE_MESSAGE_BYTES} or more whose decoded size ({@link #TREE_BYTES_PER_BYTE} per
     * byte) would take the heap to the reject watermark. One volatile read for a small message.
     * The caller answers a false with -32001 reason {@code memory}.
     */
    public boolean admitsMessage(long messageBytes) {
        if (level >= REJECT) {
            return false;
        }
        if (messageBytes < LARGE_MESSAGE_BYTES || maxHeapBytes <= 0) {
            return true;
        }
        if (lastFill + (double) messageBytes * TREE_BYTES_PER_BYTE / maxHeapBytes < reject) {
            return true;
        }
        largeRefused.increment();
        return false;
    }

    /** Large messages refused by {@link #admitsMessage} for want of headroom (not counting those refused at REJECT). */
    public long largeMessagesRefused() {
        return largeRefused.sum();
    }

    /** Whether new requests should be refused. */
    public boolean rejectingRequests() {
        return level >= REJECT;
    }

    /** Whether new connections should be refused. */
    public boolean refusingConnections() {
        return level >= REFUSE;
    }

    /** The fill of this JVM: heap live after the last collections, or Netty's direct memory, whichever is fuller. */
    public static DoubleSupplier jvmFill() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        PoolMetrics pool = PoolMetrics.shared();
        // HeapAfterGc (the management beans and their listeners) is made on the first sample, not
        // when the server is built: that is off a stdio cold start's path to its first answer.
        return () -> {
            double heap = maxHeap > 0 ? (double) HeapAfterGc.shared().bytes() / maxHeap : 0;
            long maxDirect = pool.maxDirectBytes();
            long usedDirect = pool.nettyDirectBytes();
            double direct = maxDirect > 0 && usedDirect >= 0 ? (double) usedDirect / maxDirect : 0;
            return Math.max(heap, direct);
        };
    }

    /**
     * This JVM's sampler: {@link #jvmFill()}, refreshed by {@code System.gc()} on a daemon thread
     * of its own when asked (one at a time; a request while one runs is ignored). With G1 that
     * is a full collection of the live set (a few ms for a small one: the server is refusing
     * work anyway), concurrent with {@code -XX:+ExplicitGCInvokesConcurrent}, and concurrent
     * under ZGC; {@code -XX:+DisableExplicitGC} turns the refresh off.
     */
    public static Sampler jvm() {
        DoubleSupplier fill = jvmFill();
        AtomicBoolean collecting = new AtomicBoolean();
        return new Sampler() {
            @Override
            public double fill() {
                return fill.getAsDouble();
            }

            @Override
            public long nanosSinceCollection() {
                return HeapAfterGc.shared().nanosSinceCollection();
            }

            @Override
            public void requestCollection() {
                if (!collecting.compareAndSet(false, true)) {
                    return;
                }
                Thread t = new Thread(() -> {
                    try {
                        LOG.info("memory: asking for a collection to refresh the live heap figure while refusing");
                        System.gc();
                    } finally {
                        collecting.set(false);
                    }
                }, "tachyon-memory-recheck");
                t.setDaemon(true);
                t.start();
            }
        };
    }

    /** The time {@link #sample()} waits between collection requests. */
    public long recheckMillis() {
        return TimeUnit.NANOSECONDS.toMillis(recheckNanos);
    }

    private static String describe(int level) {
        switch (level) {
            case REFUSE: return "refusing new connections and requests";
            case REJECT: return "refusing new requests";
            case WARN: return "above the warning watermark";
            default: return "back to normal";
        }
    }
}
