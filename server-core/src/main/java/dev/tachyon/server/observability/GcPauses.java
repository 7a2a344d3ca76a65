package dev.tachyon.server.observability;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Stop-the-world GC pauses of the last minutes, from the collectors' JMX notifications, to
 * answer "what was the p99 pause over the last minute" for {@code /health}.
 *
 * <p>Concurrent phases (ZGC and Shenandoah cycles, G1's concurrent cycle) are not pauses and
 * are left out. Keeps the latest {@value #CAPACITY} pauses; a minute with more than that is
 * judged by its latest ones, which is what matters for health.
 */
public final class GcPauses implements AutoCloseable {

    static final int CAPACITY = 4096;

    private final long[] endNanos = new long[CAPACITY];
    private final long[] pauseMillis = new long[CAPACITY];
    private int next;
    private int size;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    private GcPauses() {
    }

    /** Starts listening to every collector of this JVM; {@link #close()} stops. */
    public static GcPauses listen() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter) {
                NotificationEmitter emitter = (NotificationEmitter) bean;
                emitter.addNotificationListener(pauses.listener, n ->
                        GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
                pauses.emitters.add(emitter);
            }
        }
        return pauses;
    }

    /** A pauses record fed by hand, for tests. */
    static GcPauses manual() {
        return new GcPauses();
    }

    private void onNotification(Notification notification, Object handback) {
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (isPause(info.getGcName(), info.getGcCause())) {
            record(System.nanoTime(), info.getGcInfo().getDuration());
        }
    }

    /** Whether a collection by {@code gcName} for {@code cause} stopped the application threads. */
    static boolean isPause(String gcName, String cause) {
        return !"No GC".equals(cause) && !gcName.endsWith("Cycles") && !"G1 Concurrent GC".equals(gcName);
    }

    synchronized void record(long atNanos, long millis) {
        endNanos[next] = atNanos;
        pauseMillis[next] = millis;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Pauses recorded and still kept. */
    synchronized int count() {
        return size;
    }

    /**
     * The 99th percentile pause, in milliseconds, of the pauses that ended in the last
     * {@code window} (nearest rank); 0 when there was none.
     */
    public long p99Millis(long window, TimeUnit unit) {
        long since = System.nanoTime() - unit.toNanos(window);
        long[] recent;
        int count = 0;
        synchronized (this) {
            recent = new long[size];
            for (int i = 0; i < size; i++) {
                int slot = Math.floorMod(next - 1 - i, CAPACITY);
                if (endNanos[slot] - since < 0) {
                    break; // older ones follow
                }
                recent[count++] = pauseMillis[slot];
            }
        }
        if (count == 0) {
            return 0;
        }
        Arrays.sort(recent, 0, count);
        int rank = (int) Math.ceil(0.99 * count);
        return recent[rank - 1];
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
        emitters.clear();
    }
}
