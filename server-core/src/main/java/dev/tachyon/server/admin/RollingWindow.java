package dev.tachyon.server.admin;

import java.util.concurrent.TimeUnit;

/**
 * Once-a-second samples of two ever-growing counts (messages, errors), so {@code /health} can
 * say how much of each the last minute saw without the hot path keeping any clock: it only
 * bumps the counters; {@link #sample} is called by a timer.
 *
 * <pre>
 *   slot:   [ t-60s ][ t-59s ] ... [ t-1s ]     ring of (nanoTime, messages, errors)
 *   rate  = (messages now - messages at the oldest slot inside the window) / seconds between
 * </pre>
 */
final class RollingWindow {

    private static final int SLOTS = 64;

    private final long windowNanos;
    private final long[] nanos = new long[SLOTS];
    private final long[] messages = new long[SLOTS];
    private final long[] errors = new long[SLOTS];
    private int next;
    private int size;

    RollingWindow(long window, TimeUnit unit) {
        this.windowNanos = unit.toNanos(window);
        if (windowNanos > TimeUnit.SECONDS.toNanos(SLOTS - 2)) {
            throw new IllegalArgumentException("window longer than the samples kept: " + window + " " + unit);
        }
    }

    /** Records the counts as they are at {@code atNanos}. */
    synchronized void sample(long atNanos, long messageCount, long errorCount) {
        nanos[next] = atNanos;
        messages[next] = messageCount;
        errors[next] = errorCount;
        next = (next + 1) % SLOTS;
        size = Math.min(size + 1, SLOTS);
    }

    /** What the window says now, given the current counts. */
    synchronized Rates rates(long nowNanos, long messageCount, long errorCount) {
        int oldest = -1;
        for (int i = 0; i < size; i++) {
            int slot = Math.floorMod(next - 1 - i, SLOTS);
            if (nowNanos - nanos[slot] > windowNanos) {
                break;
            }
            oldest = slot;
        }
        if (oldest < 0 || nowNanos == nanos[oldest]) {
            return new Rates(0, 0);
        }
        double seconds = (nowNanos - nanos[oldest]) / 1e9;
        return new Rates((messageCount - messages[oldest]) / seconds, errorCount - errors[oldest]);
    }

    /** Messages per second and errors over (up to) the window. */
    record Rates(double messagesPerSecond, long errors) {
    }
}
