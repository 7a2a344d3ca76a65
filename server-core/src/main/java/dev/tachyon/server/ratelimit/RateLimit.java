package dev.tachyon.server.ratelimit;

/**
 * One token bucket's size: {@code perSecond} tokens added per second, at most {@code burst}
 * held. A client that has been quiet may spend {@code burst} at once, then {@code perSecond}.
 *
 * @param perSecond tokens per second; 0 turns the limit off, else positive
 * @param burst the bucket's capacity, {@code >= 1} when the limit is on
 */
public record RateLimit(double perSecond, int burst) {

    /** No limit. */
    public static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be 0 (off) or a positive number: " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1 when the rate is on: " + burst);
        }
    }

    /** Whether this limit limits anything. */
    public boolean on() {
        return perSecond > 0;
    }

    /** Nanoseconds between two tokens. */
    long intervalNanos() {
        return Math.max(1L, Math.round(1e9 / perSecond));
    }
}
