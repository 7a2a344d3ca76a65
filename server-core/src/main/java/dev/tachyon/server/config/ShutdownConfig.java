package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.shutdown}: graceful drain.
 *
 * @param drainTimeout how long to keep answering accepted requests after accepting stops,
 *                     zero or positive; zero closes connections at once
 */
public record ShutdownConfig(Duration drainTimeout) {
}
