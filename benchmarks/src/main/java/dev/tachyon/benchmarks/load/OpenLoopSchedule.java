package dev.tachyon.benchmarks.load;

/**
 * The send plan of one connection in open-loop mode (wrk2's model): request {@code k} is due at
 * {@code start + k * interval}, whatever happened to the requests before it.
 *
 * <p>A late sender does not drop or slide its plan: when it wakes up behind schedule, every send
 * that came due meanwhile is made at once, and each keeps its own intended time. Latency is then
 * measured from that intended time, so time a request spent waiting to be sent, because the
 * server (or the machine) stalled the sender, is charged to the response instead of silently
 * disappearing. That is the coordinated-omission correction.
 *
 * <p>Intended times are computed from {@code k}, never by adding intervals up, so a
 * fractional interval does not drift. Sends stop at {@code end} (exclusive).
 */
final class OpenLoopSchedule {

    private final long start;
    private final double intervalNanos;
    private final long end;
    /** Sends made so far: the next send is number {@code sent}. */
    private long sent;

    /**
     * @param start intended time of the first send, {@link System#nanoTime()} scale
     * @param ratePerSecond sends per second on this connection
     * @param end no send is intended at or after this time
     */
    OpenLoopSchedule(long start, double ratePerSecond, long end) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.start = start;
        this.intervalNanos = 1e9 / ratePerSecond;
        this.end = end;
    }

    /** The intended time of send number {@code k} (from 0). */
    long intendedTime(long k) {
        return start + Math.round(k * intervalNanos);
    }

    /** The intended time of the next send, or {@link Long#MAX_VALUE} when the plan is over. */
    long nextIntended() {
        long t = intendedTime(sent);
        return t < end ? t : Long.MAX_VALUE;
    }

    /** How many sends are due at {@code now} and not yet made. */
    long dueAt(long now) {
        long due = 0;
        for (long k = sent; ; k++) {
            long t = intendedTime(k);
            if (t > now || t >= end) {
                return due;
            }
            due++;
        }
    }

    /**
     * Takes the next send if it is due at {@code now}.
     *
     * @return its intended time, or -1 when nothing is due (or the plan is over)
     */
    long takeDue(long now) {
        long t = intendedTime(sent);
        if (t > now || t >= end) {
            return -1;
        }
        sent++;
        return t;
    }

    /** Sends taken so far. */
    long sent() {
        return sent;
    }

    double intervalNanos() {
        return intervalNanos;
    }
}
