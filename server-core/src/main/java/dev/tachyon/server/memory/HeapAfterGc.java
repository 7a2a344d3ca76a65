package dev.tachyon.server.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap in use right after the most recent garbage collection of any kind: the live set,
 * near enough, which is what memory watermarks and {@code /health} compare with the maximum.
 *
 * <p>Why not the pools' {@code getCollectionUsage()}: under G1 the old generation's figure is
 * only updated by old, mixed or full collections, so after any number of young collections that
 * promoted hundreds of MiB it still says 0, and the sum over pools shows little more than the
 * survivor space. The collection notification carries every pool's usage after that very
 * collection, young ones included; this class keeps the heap pools' sum of the latest one.
 * Before the first collection it reports the heap in use now.
 */
public final class HeapAfterGc {

    private static final HeapAfterGc SHARED = new HeapAfterGc();

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    /** -1 until the first collection is seen. */
    private volatile long afterLastGc = -1;
    /** {@link System#nanoTime()} of the latest collection seen, or of this tracker's start. */
    private volatile long lastGcNanos = System.nanoTime();

    private HeapAfterGc() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter) {
                ((NotificationEmitter) bean).addNotificationListener(this::onNotification,
                        n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()),
                        null);
            }
        }
    }

    /** The process-wide tracker (listening from first use for the life of the JVM). */
    public static HeapAfterGc shared() {
        return SHARED;
    }

    /** Heap bytes in use after the latest collection, or in use now when none has run yet. */
    public long bytes() {
        long after = afterLastGc;
        if (after >= 0) {
            return after;
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * How long ago {@link #bytes()} was last refreshed by a collection (since this tracker
     * started, when none has run): how stale the live-set figure may be.
     */
    public long nanosSinceCollection() {
        return System.nanoTime() - lastGcNanos;
    }

    private void onNotification(Notification notification, Object handback) {
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        afterLastGc = used;
        lastGcNanos = System.nanoTime();
    }
}
