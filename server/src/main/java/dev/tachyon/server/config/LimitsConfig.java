package dev.tachyon.server.config;

/**
 * {@code tachyon.limits}: the bounds that keep hostile or runaway input from taking the server
 * down.
 *
 * @param maxFrameBytes          the longest NDJSON line or HTTP body, in bytes, 1..{@link Integer#MAX_VALUE}
 *                               (an {@code int} because a frame is one Netty buffer)
 * @param maxJsonDepth           the deepest JSON nesting accepted, {@code >= 2} (the envelope is depth 1)
 * @param maxInFlightPerSession  requests a session may have unanswered at once, {@code >= 1}
 * @param maxConnections         open connections the server accepts, TCP and HTTP together, {@code >= 1}
 * @param maxConnectionsPerAddress open connections from one client address, {@code >= 1}
 * @param maxConnectionMemory    bytes one connection may hold buffered (partial input, unsent output),
 *                               {@code >= maxFrameBytes}
 * @param toolTimeout            deadline of a blocking tool call, positive
 * @param idleTimeout            idle connections are closed after this, positive
 * @param writeStallTimeout      a client not reading its answers is disconnected after this, positive
 * @param maxSubscriptionsPerSession resource subscriptions one session may hold, {@code >= 1}
 * @param maxUriBytes            the longest URI (UTF-8 bytes) kept or echoed, {@code >= 1}
 * @param maxPendingClientRequests server-to-client requests one session may have unanswered, {@code >= 1}
 * @param maxNumberDigits        digits a number may have when a handler reads it, {@code >= 20}
 * @param maxResponseBytes       the largest response written, in bytes, {@code >= 1024}
 * @param proxyHeaderTimeout     on a listener with PROXY protocol, how long after the accept its header may take, positive
 */
public record LimitsConfig(int maxFrameBytes, int maxJsonDepth, int maxInFlightPerSession, int maxConnections,
        int maxConnectionsPerAddress, long maxConnectionMemory, java.time.Duration toolTimeout, java.time.Duration idleTimeout,
        java.time.Duration writeStallTimeout,
        int maxSubscriptionsPerSession, int maxUriBytes, int maxPendingClientRequests, int maxNumberDigits, int maxResponseBytes,
        java.time.Duration proxyHeaderTimeout) {
}
