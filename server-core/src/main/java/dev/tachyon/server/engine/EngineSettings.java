package dev.tachyon.server.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings the engine needs, mapped from the configuration by the launcher (so the engine
 * does not depend on the config format). Immutable; built with {@link #builder()}.
 */
public final class EngineSettings {

    private final String serverName;
    private final String serverVersion;
    private final int pageSize;
    private final int maxJsonDepth;
    private final int maxInFlightPerSession;
    private final Duration clientRequestTimeout;
    private final int workerThreads;
    private final int workerQueueCapacity;
    private final int workerMaxPerSession;
    private final int workerMaxQueuedPerSession;
    private final Duration toolTimeout;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenDuration;
    private final int breakerHalfOpenProbes;
    private final byte[] requestStateKey;
    private final byte[] requestStatePreviousKey;
    private final Duration requestStateTtl;
    private final dev.tachyon.server.tasks.TaskLimits taskLimits;
    private final int maxSubscriptionsPerSession;
    private final int maxUriBytes;
    private final int maxPendingClientRequests;
    private final int maxNumberDigits;
    private final int maxResponseBytes;

    private EngineSettings(Builder b) {
        this.serverName = b.serverName;
        this.serverVersion = b.serverVersion;
        this.pageSize = b.pageSize;
        this.maxJsonDepth = b.maxJsonDepth;
        this.maxInFlightPerSession = b.maxInFlightPerSession;
        this.clientRequestTimeout = b.clientRequestTimeout;
        this.workerThreads = b.workerThreads;
        this.workerQueueCapacity = b.workerQueueCapacity;
        this.workerMaxPerSession = b.workerMaxPerSession > 0 ? b.workerMaxPerSession
                : Math.max(1, b.workerThreads / 2);
        this.workerMaxQueuedPerSession = b.workerMaxQueuedPerSession > 0 ? b.workerMaxQueuedPerSession
                : Math.max(1, b.workerQueueCapacity / 10);
        this.toolTimeout = b.toolTimeout;
        this.breakerFailureThreshold = b.breakerFailureThreshold;
        this.breakerOpenDuration = b.breakerOpenDuration;
        this.breakerHalfOpenProbes = b.breakerHalfOpenProbes;
        this.requestStateKey = b.requestStateKey;
        this.requestStatePreviousKey = b.requestStatePreviousKey;
        this.requestStateTtl = b.requestStateTtl;
        this.taskLimits = b.taskLimits;
        this.maxSubscriptionsPerSession = b.maxSubscriptionsPerSession;
        this.maxUriBytes = b.maxUriBytes;
        this.maxPendingClientRequests = b.maxPendingClientRequests;
        this.maxNumberDigits = b.maxNumberDigits;
        this.maxResponseBytes = b.maxResponseBytes;
    }

    /** The most digits a number in params may have when a handler reads it (decoding never parses it). */
    public int maxNumberDigits() {
        return maxNumberDigits;
    }

    /** The largest response written, in bytes; a larger one is replaced by an error ({@code response-too-large}). */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The least {@code maxNumberDigits}: 19 digits hold any long, 20 any double's shortest form with its exponent. */
    public static final int MIN_NUMBER_DIGITS = 20;
    /** The least {@code maxResponseBytes}: room for any error the engine writes in its place. */
    public static final int MIN_RESPONSE_BYTES = 1024;
    /** The most {@code maxResponseBytes}: one buffer, with room for framing. */
    public static final int MAX_RESPONSE_BYTES = Integer.MAX_VALUE - (1 << 20);

    /** Defaults as {@code reference.conf} documents them (a test compares every one). */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default. */
    public static EngineSettings defaults() {
        return builder().build();
    }

    public String serverName() {
        return serverName;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    public int maxInFlightPerSession() {
        return maxInFlightPerSession;
    }

    public Duration clientRequestTimeout() {
        return clientRequestTimeout;
    }

    public int workerThreads() {
        return workerThreads;
    }

    public int workerQueueCapacity() {
        return workerQueueCapacity;
    }

    /** Workers one session may hold at once (its share of the pool); by default half of them, at least 1. */
    public int workerMaxPerSession() {
        return workerMaxPerSession;
    }

    /** Calls one session may have queued for a worker at once; by default a tenth of the queue, at least 1. */
    public int workerMaxQueuedPerSession() {
        return workerMaxQueuedPerSession;
    }

    /** The deadline of a blocking tool call; past it the client gets {@code -32004} and the handler an interrupt. */
    public Duration toolTimeout() {
        return toolTimeout;
    }

    public int breakerFailureThreshold() {
        return breakerFailureThreshold;
    }

    public Duration breakerOpenDuration() {
        return breakerOpenDuration;
    }

    public int breakerHalfOpenProbes() {
        return breakerHalfOpenProbes;
    }

    /** The HMAC key that seals {@code requestState}, or null for a random one per process. */
    public byte[] requestStateKey() {
        return requestStateKey == null ? null : requestStateKey.clone();
    }

    /** A key whose {@code requestState} is still accepted (during a key rotation), or null. */
    public byte[] requestStatePreviousKey() {
        return requestStatePreviousKey == null ? null : requestStatePreviousKey.clone();
    }

    /** How long a {@code requestState} stays valid. */
    public Duration requestStateTtl() {
        return requestStateTtl;
    }

    /** The bounds of the task store (count, bytes, TTLs, poll interval). */
    public dev.tachyon.server.tasks.TaskLimits taskLimits() {
        return taskLimits;
    }

    /** Resource subscriptions one session may hold; one more is refused with {@code -32001}. */
    public int maxSubscriptionsPerSession() {
        return maxSubscriptionsPerSession;
    }

    /** The longest URI (UTF-8 bytes) the server keeps or echoes; a longer one is refused with {@code -32602}. */
    public int maxUriBytes() {
        return maxUriBytes;
    }

    /** Server-to-client requests one session may have unanswered; the tool call asking for one more gets {@code -32001}. */
    public int maxPendingClientRequests() {
        return maxPendingClientRequests;
    }

    /** Builds {@link EngineSettings}. */
    public static final class Builder {
        private String serverName = "tachyon";
        private String serverVersion = "0.1.0";
        private int pageSize = 100;
        private int maxJsonDepth = 128;
        private int maxInFlightPerSession = 1024;
        private Duration clientRequestTimeout = Duration.ofSeconds(30);
        private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int workerQueueCapacity = 10_000;
        /** 0: half the workers. */
        private int workerMaxPerSession;
        /** 0: a tenth of the queue. */
        private int workerMaxQueuedPerSession;
        private Duration toolTimeout = Duration.ofSeconds(60);
        private int breakerFailureThreshold = 5;
        private Duration breakerOpenDuration = Duration.ofSeconds(30);
        private int breakerHalfOpenProbes = 3;
        private byte[] requestStateKey;
        private byte[] requestStatePreviousKey;
        private Duration requestStateTtl = Duration.ofMinutes(10);
        private dev.tachyon.server.tasks.TaskLimits taskLimits = dev.tachyon.server.tasks.TaskLimits.DEFAULTS;
        private int maxSubscriptionsPerSession = 1000;
        private int maxUriBytes = 8 * 1024;
        private int maxPendingClientRequests = 16;
        private int maxNumberDigits = dev.tachyon.codec.JsonNumber.DEFAULT_MAX_DIGITS;
        private int maxResponseBytes = dev.tachyon.codec.NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES;

        private Builder() {
        }

        /**
         * The keys sealing the {@code requestState} of input-required results: {@code key} seals
         * and opens, {@code previousKey} (may be null) only opens. A null {@code key} means a
         * random one per process.
         *
         * @throws IllegalArgumentException when a key is shorter than 32 bytes
         */
        public Builder requestStateKeys(byte[] key, byte[] previousKey) {
            this.requestStateKey = checkKey(key);
            this.requestStatePreviousKey = checkKey(previousKey);
            return this;
        }

        public Builder requestStateTtl(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("requestStateTtl must be positive: " + value);
            }
            this.requestStateTtl = value;
            return this;
        }

        /** The bounds of the task store; {@link dev.tachyon.server.tasks.TaskLimits#DEFAULTS} unless set. */
        public Builder taskLimits(dev.tachyon.server.tasks.TaskLimits value) {
            this.taskLimits = java.util.Objects.requireNonNull(value, "taskLimits");
            return this;
        }

        private static byte[] checkKey(byte[] key) {
            if (key != null && key.length < 32) {
                throw new IllegalArgumentException("a request-state key needs at least 32 bytes: " + key.length);
            }
            return key == null ? null : key.clone();
        }

        public Builder toolTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("toolTimeout must be positive: " + value);
            }
            this.toolTimeout = value;
            return this;
        }

        /** Consecutive failures that open a tool's breaker, how long it stays open, probes let through half-open. */
        public Builder breaker(int failureThreshold, Duration openDuration, int halfOpenProbes) {
            this.breakerFailureThreshold = positive(failureThreshold, "failureThreshold");
            this.breakerOpenDuration = Objects.requireNonNull(openDuration);
            this.breakerHalfOpenProbes = positive(halfOpenProbes, "halfOpenProbes");
            return this;
        }

        public Builder serverName(String value) {
            this.serverName = Objects.requireNonNull(value);
            return this;
        }

        public Builder serverVersion(String value) {
            this.serverVersion = Objects.requireNonNull(value);
            return this;
        }

        public Builder pageSize(int value) {
            this.pageSize = positive(value, "pageSize");
            return this;
        }

        public Builder maxJsonDepth(int value) {
            this.maxJsonDepth = positive(value, "maxJsonDepth");
            return this;
        }

        public Builder maxInFlightPerSession(int value) {
            this.maxInFlightPerSession = positive(value, "maxInFlightPerSession");
            return this;
        }

        public Builder clientRequestTimeout(Duration value) {
            this.clientRequestTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder workerThreads(int value) {
            this.workerThreads = positive(value, "workerThreads");
            return this;
        }

        public Builder workerQueueCapacity(int value) {
            this.workerQueueCapacity = positive(value, "workerQueueCapacity");
            return this;
        }

        public Builder maxSubscriptionsPerSession(int value) {
            this.maxSubscriptionsPerSession = positive(value, "maxSubscriptionsPerSession");
            return this;
        }

        public Builder maxUriBytes(int value) {
            this.maxUriBytes = positive(value, "maxUriBytes");
            return this;
        }

        public Builder maxPendingClientRequests(int value) {
            this.maxPendingClientRequests = positive(value, "maxPendingClientRequests");
            return this;
        }

        /** At least {@link #MIN_NUMBER_DIGITS}, so every long and every double's shortest form is read. */
        public Builder maxNumberDigits(int value) {
            if (value < MIN_NUMBER_DIGITS) {
                throw new IllegalArgumentException("maxNumberDigits must be at least " + MIN_NUMBER_DIGITS + ": " + value);
            }
            this.maxNumberDigits = value;
            return this;
        }

        /** At least {@link #MIN_RESPONSE_BYTES}, so that the error saying a response is too large fits. */
        public Builder maxResponseBytes(int value) {
            if (value < MIN_RESPONSE_BYTES || value > MAX_RESPONSE_BYTES) {
                throw new IllegalArgumentException("maxResponseBytes must be in " + MIN_RESPONSE_BYTES + ".."
                        + MAX_RESPONSE_BYTES + ": " + value);
            }
            this.maxResponseBytes = value;
            return this;
        }

        /**
         * The workers one session may hold at once and the calls it may have queued; 0 keeps the
         * default (half the workers; a tenth of the queue; each at least 1).
         */
        public Builder workerShares(int maxPerSession, int maxQueuedPerSession) {
            if (maxPerSession < 0 || maxQueuedPerSession < 0) {
                throw new IllegalArgumentException("worker shares must not be negative: " + maxPerSession + ", "
                        + maxQueuedPerSession);
            }
            this.workerMaxPerSession = maxPerSession;
            this.workerMaxQueuedPerSession = maxQueuedPerSession;
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(this);
        }

        private static int positive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
