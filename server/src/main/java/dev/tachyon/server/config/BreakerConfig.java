package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.breaker}: the circuit breaker every tool has.
 *
 * @param failureThreshold consecutive failures that open it, {@code >= 1}
 * @param openDuration     how long it stays open, positive
 * @param halfOpenProbes   calls let through half-open, {@code >= 1}
 */
public record BreakerConfig(int failureThreshold, Duration openDuration, int halfOpenProbes) {
}
