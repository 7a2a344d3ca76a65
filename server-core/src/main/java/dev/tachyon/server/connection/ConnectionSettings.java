package dev.tachyon.server.connection;

import java.time.Duration;

/**
 * The per-connection limits of a network transport.
 *
 * @param maxFrameBytes     the longest line or body accepted
 * @param maxConnections    connections held open at most; the next ones are refused
 * @param idleTimeout       a connection with no traffic and nothing in flight is closed after this
 * @param writeStallTimeout a connection whose client does not read its answers is closed after this
 */
public record ConnectionSettings(int maxFrameBytes, int maxConnections, Duration idleTimeout,
        Duration writeStallTimeout) {
}
