package dev.tachyon.server.tasks;

import java.time.Duration;

/**
 * The bounds of a {@link TaskStore}: what a client can make the server hold through tasks.
 *
 * @param maxTasks tasks held at once, running or finished and not yet expired; a new task past
 *     it is refused
 * @param maxResultBytes the encoded result (or error) of one task; a larger one fails the task
 * @param maxStoreBytes what all held tasks weigh together (a fixed overhead each plus its
 *     result); a new task, or a result, past it is refused
 * @param defaultTtl how long a task is kept from its creation when the client asks for nothing else
 * @param maxTtl the longest TTL granted, whatever is asked
 * @param pollInterval the polling interval suggested to clients
 */
public record TaskLimits(int maxTasks, int maxResultBytes, long maxStoreBytes, Duration defaultTtl, Duration maxTtl,
        Duration pollInterval) {

    /** What each held task weighs besides its result: the entry, its id, timestamps and status message. */
    public static final int TASK_OVERHEAD_BYTES = 512;

    /** The defaults of {@code tachyon.tasks} in reference.conf. */
    public static final TaskLimits DEFAULTS = new TaskLimits(10_000, 1 << 20, 64L << 20, Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofSeconds(1));

    public TaskLimits {
        if (maxTasks < 1 || maxResultBytes < 1 || maxStoreBytes < TASK_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("task limits must be positive (max-store-bytes at least "
                    + TASK_OVERHEAD_BYTES + "): " + maxTasks + ", " + maxResultBytes + ", " + maxStoreBytes);
        }
        if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("task TTLs must be positive, default-ttl at most max-ttl: "
                    + defaultTtl + ", " + maxTtl);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the task poll interval must be positive: " + pollInterval);
        }
    }
}
