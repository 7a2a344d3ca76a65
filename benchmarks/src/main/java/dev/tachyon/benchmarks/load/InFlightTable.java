package dev.tachyon.benchmarks.load;

import java.util.Arrays;

/**
 * The requests of one connection that have no answer yet: request id to its start time
 * (intended send time in open-loop mode, actual send time in closed-loop mode).
 *
 * <p>Ids are handed out in increasing order on a connection and answers remove them, so the
 * live ids always lie in a window {@code [oldest, newest]}. Slots are indexed by
 * {@code id & mask}; the table doubles when the window outgrows it. No allocation per request,
 * O(1) put and remove, and the state of every id is known exactly: pending, answered, or never
 * sent. That is what tells a lost answer from a duplicated one from a made-up one.
 *
 * <p>Confined to the connection's event loop.
 */
final class InFlightTable {

    private static final long EMPTY = -1;

    private long[] ids;
    private long[] times;
    private int mask;
    private int size;
    /** The lowest id that may still be pending (every id below it is answered or was never sent). */
    private long oldest;
    /** One past the highest id ever added. */
    private long next;

    InFlightTable(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        ids = new long[capacity];
        times = new long[capacity];
        Arrays.fill(ids, EMPTY);
        mask = capacity - 1;
    }

    /** Records request {@code id} (greater than every id added before) as pending since {@code time}. */
    void add(long id, long time) {
        if (id < next) {
            throw new IllegalArgumentException("ids must increase: " + id + " after " + (next - 1));
        }
        if (size == 0) {
            oldest = id;
        }
        while (id - oldest >= ids.length) {
            grow();
        }
        int slot = (int) (id & mask);
        ids[slot] = id;
        times[slot] = time;
        size++;
        next = id + 1;
    }

    /**
     * Removes a pending id.
     *
     * @return its start time, or -1 when it is not pending (see {@link #wasSent})
     */
    long remove(long id) {
        if (id < oldest || id >= next) {
            return -1;
        }
        int slot = (int) (id & mask);
        if (ids[slot] != id) {
            return -1;
        }
        ids[slot] = EMPTY;
        size--;
        long time = times[slot];
        if (id == oldest) {
            advanceOldest();
        }
        return time;
    }

    /** The oldest pending id, or -1 when none is pending. */
    long oldestPending() {
        return size == 0 ? -1 : oldest;
    }

    /** Whether {@code id} was ever added (answered or not). */
    boolean wasSent(long id, long firstId) {
        return id >= firstId && id < next;
    }

    int size() {
        return size;
    }

    /** Pending ids in increasing order, for reporting lost answers. */
    long[] pendingIds(int max) {
        long[] out = new long[Math.min(max, size)];
        int n = 0;
        for (long id = oldest; id < next && n < out.length; id++) {
            if (ids[(int) (id & mask)] == id) {
                out[n++] = id;
            }
        }
        return out;
    }

    private void advanceOldest() {
        if (size == 0) {
            oldest = next;
            return;
        }
        while (ids[(int) (oldest & mask)] != oldest) {
            oldest++;
        }
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldTimes = times;
        int capacity = oldIds.length << 1;
        ids = new long[capacity];
        times = new long[capacity];
        Arrays.fill(ids, EMPTY);
        mask = capacity - 1;
        for (int k = 0; k < oldIds.length; k++) {
            if (oldIds[k] != EMPTY) {
                int slot = (int) (oldIds[k] & mask);
                ids[slot] = oldIds[k];
                times[slot] = oldTimes[k];
            }
        }
    }
}
