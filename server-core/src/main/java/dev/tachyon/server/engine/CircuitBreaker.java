package dev.tachyon.server.engine;

/**
 * A circuit breaker for one tool: after {@code failureThreshold} consecutive failures it
 * opens and refuses calls at once for {@code openNanos}; then it lets {@code halfOpenProbes}
 * calls through, closing again when all of them succeed and reopening on the first failure.
 *
 * <pre>
 *   CLOSED --N failures in a row--> OPEN --open time passed--> HALF_OPEN --probes succeed--> CLOSED
 *                                     ^                            |
 *                                     +--------a probe fails-------+
 * </pre>
 * What counts: only the tool's own failures (an exception from its handler, an error result it
 * returns, a blocking call past its deadline). A call the engine refused before the handler
 * ran (arguments that break the input schema) never reaches the breaker; a call that ends with
 * no verdict (the handler threw {@code InvalidArgumentException} or {@code McpException},
 * asked the client for input, was cancelled) gives its probe back ({@link #release}). A
 * half-open window whose probes never report (a cancelled call lost on the way) lets new probes
 * through once {@code openNanos} has passed, so the tool is never shut out for good.
 *
 * <p>Shared by every event loop and worker that calls the tool. A closed breaker with no failure
 * counted is the common case, and costs two volatile reads per call: no lock, no clock. Every
 * change holds the breaker's monitor for a few field updates only. Times are
 * {@code System.nanoTime()} values passed in, so tests control the clock.
 */
public final class CircuitBreaker {

    /** The breaker's state, as metrics report it. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final int halfOpenProbes;

    private volatile State state = State.CLOSED;
    private volatile int consecutiveFailures;
    private long openedAt;
    /** When the current half-open window began (its first probe). */
    private long halfOpenedAt;
    private int probesStarted;
    private int probesSucceeded;

    CircuitBreaker(int failureThreshold, long openNanos, int halfOpenProbes) {
        this.failureThreshold = failureThreshold;
        this.openNanos = openNanos;
        this.halfOpenProbes = halfOpenProbes;
    }

    /** As {@link #tryAcquire(long)}, reading the clock only when the breaker is not closed. */
    boolean tryAcquire() {
        return state == State.CLOSED || tryAcquire(System.nanoTime());
    }

    /** Whether a call may run now; false means answer at once with {@code TOOL_UNAVAILABLE}. */
    synchronized boolean tryAcquire(long now) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now - openedAt < openNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                halfOpenedAt = now;
                probesStarted = 1;
                probesSucceeded = 0;
                return true;
            default:
                if (probesStarted >= halfOpenProbes) {
                    if (now - halfOpenedAt < openNanos) {
                        return false;
                    }
                    halfOpenedAt = now; // probes that never reported: a new window, not a shut-out
                    probesStarted = 1;
                    probesSucceeded = 0;
                    return true;
                }
                probesStarted++;
                return true;
        }
    }

    /** A call that was let through succeeded. */
    void onSuccess() {
        if (state == State.CLOSED && consecutiveFailures == 0) {
            return; // nothing to reset: the locked path would write the same values
        }
        succeeded();
    }

    private synchronized void succeeded() {
        if (state == State.HALF_OPEN) {
            if (++probesSucceeded >= halfOpenProbes) {
                state = State.CLOSED;
                consecutiveFailures = 0;
            }
        } else {
            consecutiveFailures = 0;
        }
    }

    /**
     * A call that was let through ended without saying anything about the tool's health (its
     * arguments were wrong, it asked for input, it was cancelled or refused): a half-open
     * breaker gets its probe back.
     */
    void release() {
        if (state == State.HALF_OPEN) {
            released();
        }
    }

    private synchronized void released() {
        if (state == State.HALF_OPEN && probesStarted > probesSucceeded) {
            probesStarted--;
        }
    }

    /** A call that was let through failed (an error result, an exception, a timeout). */
    synchronized void onFailure(long now) {
        if (state == State.HALF_OPEN || ++consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = now;
            consecutiveFailures = 0;
        }
    }

    /** Milliseconds until an open breaker lets a probe through (0 when it would now). */
    synchronized long retryAfterMillis(long now) {
        return state == State.OPEN ? Math.max(0, (openNanos - (now - openedAt)) / 1_000_000) : 0;
    }

    /** The state now. */
    public synchronized State state() {
        return state;
    }
}
