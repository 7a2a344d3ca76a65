package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.shutdown}: graceful drain.
 *
 * @param drainTimeout how long to keep answering accepted requests after accepting stops,
 *                     zero or positive; zero closes connections at once
 * @param readyDelay   how long a drain keeps serving after {@code /ready} turned 503 and before
 *                     accepting stops, so a balancer's health check notices first; zero or positive
 */
public record ShutdownConfig(Duration drainTimeout, Duration readyDelay) {
}
