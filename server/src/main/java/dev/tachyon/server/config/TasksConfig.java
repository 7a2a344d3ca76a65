package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.tasks}: the bounds of the task store (the 2026-07-28 tasks extension), what a
 * client can make the server hold through tasks.
 *
 * @param maxTasks       tasks held at once, running or finished until their TTL; {@code >= 1}
 * @param maxResultBytes the encoded result (or input requests) of one task; {@code >= 1}
 * @param maxStoreBytes  all tasks held together, a fixed 512 bytes each plus their results; {@code >= 512}
 * @param defaultTtl     how long a task is kept from its creation, positive, at most {@code maxTtl}
 * @param maxTtl         the longest TTL granted, positive
 * @param pollInterval   the polling interval suggested to clients ({@code pollIntervalMs}), positive
 */
public record TasksConfig(int maxTasks, int maxResultBytes, int maxStoreBytes, Duration defaultTtl, Duration maxTtl,
        Duration pollInterval) {
}
