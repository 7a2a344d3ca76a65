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
 * @param sseKeepaliveInterval an SSE stream that wrote nothing for this long gets a {@code : keep-alive}
 *                           comment line; zero turns them off
 * @param eventLogCapacity   SSE events kept per session for resumption, {@code >= 1}
 * @param maxPipelinedRequests requests one connection may have waiting behind the one being answered, {@code >= 1}
 * @param maxHeaderBytes     the longest request headers, {@code >= 1 KiB}; longer ones get 431 and the close
 * @param headerTimeout      a request's line and headers must arrive within this, positive
 * @param bodyTimeout        a request's body must arrive within this after its headers, positive
 * @param maxSessions        sessions held at most, {@code >= 1}
 * @param maxSessionsPerAddress sessions one client address holds at most, {@code >= 1}
 * @param eventLogMaxBytes   bytes of SSE events kept per session for resumption, {@code >= 1 KiB}
 * @param unusedSessionTimeout a session with no request after its initialize is ended after this, positive
 * @param proxyProtocol      whether every connection starts with a PROXY protocol v1/v2 header naming
 *                           the client (the listener is behind a balancer); only then is one accepted
 * @param compression        {@code tachyon.http.compression}: gzip for clients that ask
 */
public record HttpConfig(boolean enabled, String host, int port, String path, List<String> allowedHosts,
        Duration sessionIdleTimeout, Duration sseRetry, Duration sseKeepaliveInterval, int eventLogCapacity,
        int maxPipelinedRequests, int maxHeaderBytes, Duration headerTimeout, Duration bodyTimeout, int maxSessions, int maxSessionsPerAddress,
        int eventLogMaxBytes, Duration unusedSessionTimeout, boolean proxyProtocol,
        Compression compression) {

    public HttpConfig {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /**
     * {@code tachyon.http.compression}.
     *
     * @param enabled  whether JSON bodies are gzipped for clients whose Accept-Encoding asks
     * @param minBytes bodies shorter than this are sent as they are, {@code >= 0}
     * @param level    the deflate level, 1..9
     */
    public record Compression(boolean enabled, int minBytes, int level) {
    }
}
