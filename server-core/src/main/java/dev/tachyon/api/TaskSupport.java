package dev.tachyon.api;

/**
 * Whether a tool's calls may run as tasks (the 2026-07-28 tasks extension,
 * {@code io.modelcontextprotocol/tasks}): the server answers such a call at once with a task
 * handle, and the client polls {@code tasks/get} for the result. The same handler serves a
 * direct call and a task; only blocking tools can be tasks (a task runs on the worker pool).
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
