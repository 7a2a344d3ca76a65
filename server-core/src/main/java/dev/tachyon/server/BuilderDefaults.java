package dev.tachyon.server;

import dev.tachyon.server.config.MemoryConfig;
import java.time.Duration;

/**
 * The defaults of {@link TachyonServer.Builder}'s own settings (the engine's, HTTP's and the
 * admin endpoint's are their settings classes' {@code defaults()}). The {@code tachyon}
 * application's {@code reference.conf} documents the same values; EmbeddingDefaultsTest
 * (tachyon-server) fails when the two disagree.
 */
final class BuilderDefaults {

    /** {@code tachyon.limits.max-frame-bytes}: 4 MiB. */
    static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** {@code tachyon.limits.max-connections}. */
    static final int MAX_CONNECTIONS = 18_000;
    /** {@code tachyon.limits.max-connections-per-address}. */
    static final int MAX_CONNECTIONS_PER_ADDRESS = 4096;
    /** {@code tachyon.limits.max-connection-memory}: 8 MiB. */
    static final long MAX_CONNECTION_MEMORY = 8L * 1024 * 1024;
    /** {@code tachyon.limits.idle-timeout}. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** {@code tachyon.limits.write-stall-timeout}. */
    static final Duration WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** {@code tachyon.limits.proxy-header-timeout}. */
    static final Duration PROXY_HEADER_TIMEOUT = Duration.ofSeconds(5);
    /** {@code tachyon.memory}: warn, reject and refuse-connections percentages, recheck interval. */
    static final MemoryConfig MEMORY_WATERMARKS = new MemoryConfig(80, 90, 95, Duration.ofSeconds(5));
    /** {@code tachyon.shutdown.drain-timeout}. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    /** {@code tachyon.shutdown.ready-delay}. */
    static final Duration READY_DELAY = Duration.ofSeconds(5);
    /** {@code tachyon.admin.unhealthy-heap-percent} and {@code unhealthy-direct-percent}. */
    static final int UNHEALTHY_PERCENT = 90;

    private BuilderDefaults() {
    }
}
