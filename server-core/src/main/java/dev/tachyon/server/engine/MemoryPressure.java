package dev.tachyon.server.engine;

import dev.tachyon.bufferpool.PoolMetrics;
import dev.tachyon.server.observability.HeapAfterGc;
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
 * </pre>
 * Heap is measured as the pools' usage after their last collection, so garbage that the next
 * young collection frees does not count; direct memory is Netty's exact counter.
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

    private final double warn;
    private final double reject;
    private final double refuse;
    private final DoubleSupplier fill;
    private volatile int level = OK;
    private volatile double lastFill;

    /**
     * @param warn, reject, refuse fractions of the maximum (0..1], in increasing order
     * @param fill the sampler; {@link #jvmFill()} in production
     */
    public MemoryPressure(double warn, double reject, double refuse, DoubleSupplier fill) {
        if (!(0 < warn && warn <= reject && reject <= refuse && refuse <= 1)) {
            throw new IllegalArgumentException("need 0 < warn <= reject <= refuse <= 1: " + warn + ", " + reject + ", " + refuse);
        }
        this.warn = warn;
        this.reject = reject;
        this.refuse = refuse;
        this.fill = fill;
    }

    /** Never under pressure (for embedders and tests that do not want the check). */
    public static MemoryPressure none() {
        return new MemoryPressure(1, 1, 1, () -> 0);
    }

    /** Takes one sample and updates the level; called periodically by the server. */
    public void sample() {
        double f = fill.getAsDouble();
        lastFill = f;
        int next = f >= refuse ? REFUSE : f >= reject ? REJECT : f >= warn ? WARN : OK;
        int previous = level;
        if (next != previous) {
            level = next;
            if (next > previous) {
                LOG.warn("memory {}% full: {}", Math.round(f * 100), describe(next));
            } else {
                LOG.info("memory {}% full: {}", Math.round(f * 100), describe(next));
            }
        }
    }

    /** The level as of the last sample. */
    public int level() {
        return level;
    }

    /** The fill (0..1) as of the last sample. */
    public double lastFill() {
        return lastFill;
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
        HeapAfterGc heapAfterGc = HeapAfterGc.shared();
        long maxHeap = Runtime.getRuntime().maxMemory();
        PoolMetrics pool = PoolMetrics.shared();
        return () -> {
            double heap = maxHeap > 0 ? (double) heapAfterGc.bytes() / maxHeap : 0;
            long maxDirect = pool.maxDirectBytes();
            long usedDirect = pool.nettyDirectBytes();
            double direct = maxDirect > 0 && usedDirect >= 0 ? (double) usedDirect / maxDirect : 0;
            return Math.max(heap, direct);
        };
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
