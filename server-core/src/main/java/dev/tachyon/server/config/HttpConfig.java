package dev.tachyon.server.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code tachyon.http}: the Streamable HTTP transport.
 *
 * @param enabled            whether it starts
 * @param host               the address to bind
 * @param port               the port to bind, 1..65535
 * @param path               the endpoint path, starting with {@code /}
 * @param allowedHosts       extra host names Host and Origin may name (besides loopback and the bound host)
 * @param sessionIdleTimeout idle sessions are ended after this, positive
 * @param sseRetry           the SSE {@code retry:} hint, positive
 * @param eventLogCapacity   SSE events kept per session for resumption, {@code >= 1}
 * @param maxPipelinedRequests requests one connection may have waiting behind the one being answered, {@code >= 1}
 */
public record HttpConfig(boolean enabled, String host, int port, String path, List<String> allowedHosts,
        Duration sessionIdleTimeout, Duration sseRetry, int eventLogCapacity, int maxPipelinedRequests) {

    public HttpConfig {
        allowedHosts = List.copyOf(allowedHosts);
    }
}
