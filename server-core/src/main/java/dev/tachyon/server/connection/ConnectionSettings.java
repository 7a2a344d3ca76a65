package dev.tachyon.server.connection;

import java.time.Duration;

/**
 * The per-connection limits every network transport applies alike, through its
 * {@link ConnectionPipeline}; fed by the configuration keys named below (and by the embedding
 * builder's methods of the same names).
 *
 * @param maxFrameBytes     the longest message accepted: an NDJSON line (TCP, and stdio, which
 *                          takes the same key) or an HTTP request body ({@code limits.max-frame-bytes})
 * @param maxConnections    connections held open at most, every transport together; the next
 *                          ones are refused ({@code limits.max-connections})
 * @param idleTimeout       a connection with no traffic either way and no work under way is
 *                          closed after this; 0 for never ({@code limits.idle-timeout})
 * @param writeStallTimeout a connection whose client does not read its answers is closed after
 *                          this; 0 for never ({@code limits.write-stall-timeout})
 * @param proxyHeaderTimeout on a listener behind a balancer (PROXY protocol), a connection whose
 *                          header has not arrived this long after the accept is closed; positive
 *                          ({@code limits.proxy-header-timeout})
 */
public record ConnectionSettings(int maxFrameBytes, int maxConnections, Duration idleTimeout,
        Duration writeStallTimeout, Duration proxyHeaderTimeout) {

    public ConnectionSettings {
        if (proxyHeaderTimeout.toNanos() <= 0) {
            throw new IllegalArgumentException("proxyHeaderTimeout must be positive: " + proxyHeaderTimeout);
        }
    }
}
