package dev.tachyon.server.admin;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How the admin endpoint protects itself: which hosts a browser may reach it as, how many
 * connections it holds, how long it waits, and whether {@code /memory?gc=1} may collect.
 * Immutable; built with {@link #builder()}, whose defaults are those of {@code reference.conf}
 * (a test compares every one).
 */
public final class AdminSettings {

    private final List<String> allowedHosts;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Duration requestTimeout;
    private final boolean allowGc;
    private final Duration gcMinInterval;

    private AdminSettings(Builder b) {
        this.allowedHosts = List.copyOf(b.allowedHosts);
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.requestTimeout = b.requestTimeout;
        this.allowGc = b.allowGc;
        this.gcMinInterval = b.gcMinInterval;
    }

    /** Defaults: loopback only, 64 connections, 60 s idle, 10 s per request, no GC. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default. */
    public static AdminSettings defaults() {
        return builder().build();
    }

    /** Host names Host and Origin may name besides loopback and the bound host. */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** Admin connections open at once; more are answered 503 and closed. */
    public int maxConnections() {
        return maxConnections;
    }

    /** An admin connection without a request for this long is closed. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A request must arrive whole within this of its first byte, or the connection is closed. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Whether {@code /memory?gc=1} may run collections (403 otherwise). */
    public boolean allowGc() {
        return allowGc;
    }

    /** The least time between two collections {@code /memory?gc=1} runs (429 sooner), when allowed at all. */
    public Duration gcMinInterval() {
        return gcMinInterval;
    }

    /** Builds {@link AdminSettings}. */
    public static final class Builder {
        private Collection<String> allowedHosts = List.of();
        private int maxConnections = 64;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private boolean allowGc;
        private Duration gcMinInterval = Duration.ofSeconds(10);

        private Builder() {
        }

        public Builder allowedHosts(Collection<String> value) {
            this.allowedHosts = List.copyOf(value);
            return this;
        }

        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections must be positive: " + value);
            }
            this.maxConnections = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = positive(value, "idleTimeout");
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        public Builder allowGc(boolean value) {
            this.allowGc = value;
            return this;
        }

        public Builder gcMinInterval(Duration value) {
            this.gcMinInterval = positive(value, "gcMinInterval");
            return this;
        }

        public AdminSettings build() {
            return new AdminSettings(this);
        }

        private static Duration positive(Duration value, String what) {
            if (Objects.requireNonNull(value).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
