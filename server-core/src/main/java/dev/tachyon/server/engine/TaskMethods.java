package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.Tool;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.tasks.Task;
import dev.tachyon.server.tasks.TaskStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tasks extension of 2026-07-28 ({@code io.modelcontextprotocol/tasks}): a {@code tools/call}
 * the server makes a task ({@link #start}), and {@code tasks/get}, {@code tasks/update},
 * {@code tasks/cancel}.
 *
 * <p>A request may use tasks only when its own {@code _meta} capabilities declare the extension
 * (there is no session to remember it): the three methods answer {@code -32021} otherwise,
 * naming it in {@code data.requiredCapabilities.extensions}, before they look at the task. An
 * unknown, expired or other principal's task is {@code -32602} "Task not found" alike.
 *
 * <p>A task runs on the worker pool outside any session's lane, so that it outlives the
 * connection that started it (a new connection polls it), under the tool's deadline and breaker.
 */
final class TaskMethods {

    /** The extension's identifier. */
    static final String EXTENSION = "io.modelcontextprotocol/tasks";

    private static final Map<String, Object> REQUIRED = Map.of("requiredCapabilities",
            Map.of("extensions", Map.of(EXTENSION, Map.of())));

    private final TaskStore store;
    private final WorkerPool workers;
    private final ServerCatalog catalog;
    private final long timeoutNanos;

    TaskMethods(TaskStore store, WorkerPool workers, ServerCatalog catalog, java.time.Duration timeout) {
        this.store = store;
        this.workers = workers;
        this.catalog = catalog;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Whether {@code request} declares the extension in its own capabilities. */
    static boolean declared(Request request) {
        return request.clientCapabilities().get("extensions") instanceof Map<?, ?> extensions
                && extensions.get(EXTENSION) instanceof Map;
    }

    /** {@code -32021} naming the extension: what a request that needs it and did not declare it gets. */
    static McpException missing(String what) {
        return new McpException(ErrorCodes.MISSING_CLIENT_CAPABILITY, what + " needs the client capability extensions."
                + EXTENSION + ", which the request did not declare", REQUIRED);
    }

    /**
     * Starts {@code tool} as a task and answers with the task handle ({@code resultType: "task"}),
     * once {@code tasks/get} finds it. A full store or worker queue is refused at once
     * ({@code -32001}, {@code data.reason}) and the breaker's probe is given back.
     */
    void start(Request request, Tool tool, CircuitBreaker breaker, Arguments args) {
        Principal owner = owner(request);
        TaskStore.Created created = store.create(owner, null);
        if (created.task() == null) {
            breaker.release();
            boolean count = created.refusal() == TaskStore.Refusal.TOO_MANY_TASKS;
            request.error(ErrorCodes.OVERLOADED, count ? "Task store full: too many tasks held"
                    : "Task store full: the tasks held use all of its bytes",
                    Map.of("reason", count ? "max-tasks" : "max-store-bytes",
                            "limit", count ? store.limits().maxTasks() : store.limits().maxStoreBytes(),
                            "retryAfterMs", 1000));
            return;
        }
        Task task = created.task();
        TaskRun run = new TaskRun(task, tool, new TaskToolCall(task, tool.name(), args, request.clientCapabilities(),
                owner, catalog), breaker, store.limits().maxResultBytes());
        task.onCancel(run::stop);
        if (!workers.trySubmit(run)) {
            store.drop(task);
            breaker.release();
            request.error(ErrorCodes.OVERLOADED, "Server overloaded: the worker queue is full",
                    Map.of("reason", "worker-queue-full", "retryAfterMs", 100));
            return;
        }
        run.deadline(request.session.outbound().executor().schedule(() -> {
            McpException late = new McpException(ErrorCodes.REQUEST_TIMEOUT, "Request timed out",
                    Map.of("timeoutMs", TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            if (task.fail(TaskRun.error(late), "The tool ran past its deadline")) {
                breaker.onFailure(System.nanoTime());
                run.stop();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS));
        Task.Snapshot seed = task.snapshot();
        long poll = store.limits().pollInterval().toMillis();
        request.result(out -> TaskJson.write(out, seed, poll, false), ResultShape.TASK);
    }

    /** {@code tasks/get}: the task with its result or error once it has one. */
    void get(Request request) {
        Task.Snapshot task = find(request).snapshot();
        long poll = store.limits().pollInterval().toMillis();
        request.result(out -> TaskJson.write(out, task, poll, true));
    }

    /**
     * {@code tasks/update}: acknowledged. No task asks for input yet, so every response is for a
     * key that is not outstanding, which the extension says to ignore.
     */
    void update(Request request) {
        find(request);
        Params.optionalObject(request.params(), "inputResponses"); // an object when present: -32602 otherwise
        request.emptyResult();
    }

    /** {@code tasks/cancel}: the same empty acknowledgement whether the task was running or had ended. */
    void cancel(Request request) {
        find(request).cancel("Cancelled by the client");
        request.emptyResult();
    }

    private Task find(Request request) {
        if (!declared(request)) {
            throw missing(request.method.methodName());
        }
        Task task = store.find(Params.requireString(request.params(), "taskId"), owner(request));
        if (task == null) {
            throw McpException.invalidParams("Failed to retrieve task: Task not found");
        }
        return task;
    }

    private static Principal owner(Request request) {
        return request.principal != null ? request.principal : Principal.anonymous();
    }
}
