/**
 * The task store: tasks that outlive the request that started them, for the tasks of every
 * revision (the 2026-07-28 extension {@code io.modelcontextprotocol/tasks} today).
 *
 * <h2>Starting points</h2>
 * {@link dev.tachyon.server.tasks.TaskStore} (bounded by count and bytes, expiry at the TTL,
 * unguessable ids, tasks bound to their principal, metrics), {@link dev.tachyon.server.tasks.Task}
 * (one task's state machine), {@link dev.tachyon.server.tasks.TaskLimits} (the bounds).
 * Nothing here knows the engine or a transport: the engine runs a task's work and records its
 * outcome here.
 */
package dev.tachyon.server.tasks;
