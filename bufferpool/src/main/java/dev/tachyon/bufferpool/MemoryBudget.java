package dev.tachyon.bufferpool;

/**
 * A byte budget for one connection: buffered input plus queued output may not exceed it.
 *
 * <p>Confined to one thread (the connection's event loop): no synchronisation, no atomics.
 * Running out is an expected condition, so {@link #tryReserve(long)} returns {@code false}
 * instead of throwing; the caller answers with an overload error and keeps the connection.
 * Bytes that cannot be refused are {@link #charge charged} instead, which may pass the limit.
 */
public final class MemoryBudget {

    private final long limit;
    private long used;

    /**
     * @param limit bytes this budget may hand out; must be positive
     */
    public MemoryBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Reserves {@code bytes}; returns false, reserving nothing, when that would pass the limit. */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        if (bytes > limit - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    /**
     * Takes {@code bytes} whatever the limit says: for memory that is owed and cannot be refused
     * (the answer to a request already accepted). {@link #used()} may then pass the limit, and
     * {@link #tryReserve} refuses everything until enough is released.
     */
    public void charge(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        used += bytes;
    }

    /** Whether {@code bytes} more would stay within the limit (reserves nothing). */
    public boolean fits(long bytes) {
        return bytes <= limit - used;
    }

    /** Gives back bytes reserved earlier. Releasing more than is reserved is a bug and throws. */
    public void release(long bytes) {
        if (bytes < 0 || bytes > used) {
            throw new IllegalStateException("releasing " + bytes + " of " + used + " reserved bytes");
        }
        used -= bytes;
    }

    /** Bytes reserved now. */
    public long used() {
        return used;
    }

    /** The limit given at construction. */
    public long limit() {
        return limit;
    }
}
