package dev.tachyon.api;

/**
 * Whether a tool's calls may run as tasks (the 2026-07-28 tasks extension,
 * {@code io.modelcontextprotocol/tasks}, and the experimental tasks of 2025-11-25 sessions,
 * where {@code tools/list} shows it as {@code execution.taskSupport}): the server answers such a
 * call at once with a task handle, and the client polls {@code tasks/get} for the result. The
 * same handler serves a direct call and a task; only blocking tools can be tasks (a task runs on
 * the worker pool).
 *
 * <p>In a 2025-11-25 session the client chooses, with {@code params.task}: a task for a
 * {@link #FORBIDDEN} tool, or a call without one to a {@link #REQUIRED} tool, is {@code -32601}.
 */
public enum TaskSupport {
    /** Never a task: every call is answered directly. The default. */
    FORBIDDEN,
    /**
     * A task when the request declares the extension (and {@link Tool.Builder#taskWhen} agrees),
     * a direct call otherwise.
     */
    OPTIONAL,
    /**
     * Only for clients with the extension: a request that does not declare it is refused with
     * {@code -32021} naming it. With it, a task (or, where
     * {@link Tool.Builder#taskWhen} says not yet, a direct answer such as an input-required round).
     */
    REQUIRED
}
