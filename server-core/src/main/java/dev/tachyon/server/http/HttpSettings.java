package dev.tachyon.server.http;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the Streamable HTTP transport listens and what it allows. Immutable; built with
 * {@link #builder()}, whose defaults are those of {@code reference.conf} (a test compares every one).
 * The limits every network transport shares (body size, idle and write-stall timeouts,
 * connection caps) are not here: they are the
 * {@link dev.tachyon.server.connection.ConnectionSettings} of the connection pipeline.
 */
public final class HttpSettings {

    /** The default port of the HTTP transport. */
    public static final int DEFAULT_PORT = 7801;
    /** Hosts every server accepts in {@code Host} and {@code Origin} unless told otherwise. */
    public static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

    private final String host;
    private final int port;
    private final String path;
    private final Set<String> allowedHosts;
    private final Duration sessionIdleTimeout;
    private final long sseRetryMillis;
    private final Duration sseKeepaliveInterval;
    private final int eventLogCapacity;
    private final int maxPipelinedRequests;
    private final int maxHeaderBytes;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final int maxSessions;
    private final int maxSessionsPerAddress;
    private final long eventLogMaxBytes;
    private final Duration unusedSessionTimeout;
    private final String nodeId;
    private final HttpCompression compression;

    private HttpSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : b.allowedHosts == null ? LOOPBACK_HOSTS : b.allowedHosts) {
            hosts.add(normalizeHost(h));
        }
        String bound = normalizeHost(b.host);
        if (!bound.equals("0.0.0.0") && !bound.equals("::")) {
            hosts.add(bound); // the server's own name always works
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.sessionIdleTimeout = b.sessionIdleTimeout;
        this.sseRetryMillis = b.sseRetryMillis;
        this.sseKeepaliveInterval = b.sseKeepaliveInterval;
        this.eventLogCapacity = b.eventLogCapacity;
        this.maxPipelinedRequests = b.maxPipelinedRequests;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.headerTimeout = b.headerTimeout;
        this.bodyTimeout = b.bodyTimeout;
        this.maxSessions = b.maxSessions;
        this.maxSessionsPerAddress = Math.min(b.maxSessionsPerAddress, b.maxSessions);
        this.eventLogMaxBytes = b.eventLogMaxBytes;
        this.unusedSessionTimeout = b.unusedSessionTimeout.compareTo(b.sessionIdleTimeout) < 0
                ? b.unusedSessionTimeout : b.sessionIdleTimeout;
        this.nodeId = b.nodeId;
        this.compression = b.compression;
    }

    /** How JSON response bodies are compressed for clients that ask ({@code tachyon.http.compression}). */
    public HttpCompression compression() {
        return compression;
    }

    /**
     * This instance's node id, or {@code ""} for a single instance: when set, session ids are
     * {@code <nodeId>.<22 base64url chars>} so a balancer routes on the text before the first dot.
     */
    public String nodeId() {
        return nodeId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default: 127.0.0.1:7801, {@code /mcp}. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** The address to bind. */
    public String host() {
        return host;
    }

    /** The port to bind (0 picks a free one). */
    public int port() {
        return port;
    }

    /** The MCP endpoint path, e.g. {@code /mcp}. */
    public String path() {
        return path;
    }

    /**
     * Host names (lower case, IPv6 without brackets) accepted in {@code Host} and
     * {@code Origin}; anything else is answered 403 (DNS-rebinding protection).
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /** How long a session may go without a request (and without an open stream) before it is ended. */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /** The reconnection delay advertised in SSE {@code retry} fields. */
    public long sseRetryMillis() {
        return sseRetryMillis;
    }

    /** An SSE stream that wrote nothing for this long gets a {@code : keep-alive} comment line; zero: never. */
    public Duration sseKeepaliveInterval() {
        return sseKeepaliveInterval;
    }

    /** How many SSE events a session keeps for replay to a reconnecting client. */
    public int eventLogCapacity() {
        return eventLogCapacity;
    }

    /** The most bytes of SSE events a session keeps for replay; the oldest go first. */
    public long eventLogMaxBytes() {
        return eventLogMaxBytes;
    }

    /** The longest request line plus headers accepted; longer ones are answered 431 and the connection closed. */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /**
     * How long a request's line and headers may take to arrive, from its first byte (for a new
     * connection: from the connection); past it the connection is closed.
     */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** How long a request's whole body may take to arrive after its headers; past it the connection is closed. */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Sessions the server holds at most; an initialize beyond is answered 503. */
    public int maxSessions() {
        return maxSessions;
    }

    /** Sessions one client address holds at most (never more than {@link #maxSessions()}); beyond, 503. */
    public int maxSessionsPerAddress() {
        return maxSessionsPerAddress;
    }

    /**
     * How long a session that got no request after its initialize lives (never longer than
     * {@link #sessionIdleTimeout()}): a client that means to use its session sends
     * {@code notifications/initialized} at once.
     */
    public Duration unusedSessionTimeout() {
        return unusedSessionTimeout;
    }

    /** How many pipelined requests a connection queues before it stops reading. */
    public int maxPipelinedRequests() {
        return maxPipelinedRequests;
    }

    /** Lower case, without the brackets of an IPv6 literal. */
    static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.length() >= 2 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    /** Builds {@link HttpSettings}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String path = "/mcp";
        private Collection<String> allowedHosts;
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private long sseRetryMillis = 1000;
        private Duration sseKeepaliveInterval = Duration.ofSeconds(15);
        private int eventLogCapacity = 1024;
        private int maxPipelinedRequests = 16;
        private int maxHeaderBytes = 16 * 1024;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private HttpCompression compression = HttpCompression.defaults();
        private int maxSessions = 10_000;
        private int maxSessionsPerAddress = 1_000;
        private long eventLogMaxBytes = 64 * 1024;
        private Duration unusedSessionTimeout = Duration.ofSeconds(60);
        private String nodeId = "";

        private Builder() {
        }

        public Builder host(String value) {
            this.host = Objects.requireNonNull(value);
            return this;
        }

        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** The endpoint path; must start with {@code /}. */
        public Builder path(String value) {
            if (value == null || !value.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + value);
            }
            this.path = value;
            return this;
        }

        /**
         * Replaces the default allow-list (localhost, 127.0.0.1, [::1]); the bound host is always
         * added unless it is a wildcard address.
         */
        public Builder allowedHosts(Collection<String> value) {
            this.allowedHosts = Set.copyOf(value);
            return this;
        }

        public Builder sessionIdleTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("sessionIdleTimeout must be positive: " + value);
            }
            this.sessionIdleTimeout = value;
            return this;
        }

        public Builder sseRetryMillis(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("sseRetryMillis must not be negative: " + value);
            }
            this.sseRetryMillis = value;
            return this;
        }

        /** How long an SSE stream may write nothing before it gets a {@code : keep-alive} comment (default 15 s; zero: never). */
        public Builder sseKeepaliveInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("sseKeepaliveInterval must not be negative: " + value);
            }
            this.sseKeepaliveInterval = value;
            return this;
        }

        public Builder eventLogCapacity(int value) {
            this.eventLogCapacity = positive(value, "eventLogCapacity");
            return this;
        }

        public Builder maxPipelinedRequests(int value) {
            this.maxPipelinedRequests = positive(value, "maxPipelinedRequests");
            return this;
        }

        public Builder maxHeaderBytes(int value) {
            this.maxHeaderBytes = positive(value, "maxHeaderBytes");
            return this;
        }

        public Builder headerTimeout(Duration value) {
            this.headerTimeout = positive(value, "headerTimeout");
            return this;
        }

        public Builder bodyTimeout(Duration value) {
            this.bodyTimeout = positive(value, "bodyTimeout");
            return this;
        }

        public Builder maxSessions(int value) {
            this.maxSessions = positive(value, "maxSessions");
            return this;
        }

        public Builder maxSessionsPerAddress(int value) {
            this.maxSessionsPerAddress = positive(value, "maxSessionsPerAddress");
            return this;
        }

        public Builder eventLogMaxBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("eventLogMaxBytes must be positive: " + value);
            }
            this.eventLogMaxBytes = value;
            return this;
        }

        public Builder unusedSessionTimeout(Duration value) {
            this.unusedSessionTimeout = positive(value, "unusedSessionTimeout");
            return this;
        }

        /** This instance's node id ({@code [a-z0-9-]{1,32}}), or {@code ""} for a single instance (the default). */
        public Builder nodeId(String value) {
            if (!value.isEmpty() && !value.matches("[a-z0-9-]{1,32}")) {
                throw new IllegalArgumentException("nodeId must be 1 to 32 of a-z, 0-9 and -: " + value);
            }
            this.nodeId = value;
            return this;
        }

        /** How JSON response bodies are compressed (default {@link HttpCompression#defaults()}: gzip from 1 KiB, level 1). */
        public Builder compression(HttpCompression value) {
            this.compression = Objects.requireNonNull(value);
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }

        private static int positive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
