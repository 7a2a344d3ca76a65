package dev.tachyon.server.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CircuitBreaker} per tool name, created on first use with the configured policy. */
public final class CircuitBreakers {

    private final int failureThreshold;
    private final long openNanos;
    private final int halfOpenProbes;
    private final Map<String, CircuitBreaker> byTool = new ConcurrentHashMap<>();

    CircuitBreakers(int failureThreshold, Duration openDuration, int halfOpenProbes) {
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.halfOpenProbes = halfOpenProbes;
    }

    /** The breaker of {@code tool}. */
    public CircuitBreaker of(String tool) {
        CircuitBreaker breaker = byTool.get(tool); // the common case: no lambda, no lock
        return breaker != null ? breaker
                : byTool.computeIfAbsent(tool, t -> new CircuitBreaker(failureThreshold, openNanos, halfOpenProbes));
    }

    /** Every breaker created so far, by tool (for metrics and health). */
    public Map<String, CircuitBreaker> all() {
        return Map.copyOf(byTool);
    }
}
