package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import dev.tachyon.api.ServerCatalog;
import dev.tachyon.api.TaskSupport;
import dev.tachyon.api.Tool;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
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
 * <p>{@link #start} serves the task-augmented {@code tools/call} of 2025-11-25 sessions too (the
 * same store, runs and handler); {@link SessionTaskMethods} has that revision's other methods.
 *
 * <p>A task runs on the worker pool outside any session's lane, so that it outlives the
 * connection that started it (a new connection polls it), under the tool's deadline and breaker.
 */
final class TaskMethods {

    /** The extension's identifier. */
    static final String EXTENSION = "io.modelcontextprotocol/tasks";

    private static final Map<String, Object> REQUIRED = Map.of("requiredCapabilities",
            Map.of("extensions", Map.of(EXTENSION, Map.of())));

    private static final String WORKERS_FULL = "Server overloaded: the worker queue is full";
    private static final Map<String, Object> WORKERS_FULL_DATA = Map.of("reason", "worker-queue-full", "retryAfterMs", 100);

    private final TaskStore store;
    private final WorkerPool workers;
    private final ServerCatalog catalog;
    private final long timeoutNanos;
    private final ClientRequests clientRequests;

    TaskMethods(TaskStore store, WorkerPool workers, ServerCatalog catalog, java.time.Duration timeout,
            ClientRequests clientRequests) {
        this.clientRequests = clientRequests;
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

    /**
     * Whether the server makes this call a task: when the tool supports tasks, the request
     * declares the extension and the tool's {@link Tool#taskWhen rule} agrees (it sees the
     * call's answers and state, so that input-required rounds may come first). A tool that
     * requires tasks, called without the extension, is {@code -32021}.
     */
    static boolean asTask(Request request, Tool tool, Inputs inputs) {
        if (!request.isStateless()) {
            return SessionTaskMethods.asTask(request, tool);
        }
        if (tool.taskSupport() == TaskSupport.FORBIDDEN) {
            return false;
        }
        if (declared(request)) {
            // The rule sees what the call's handler would: its request's capabilities, principal and inputs.
            return tool.taskWhen().test(new RoundContext(request, inputs) { });
        }
        if (tool.taskSupport() == TaskSupport.REQUIRED) {
            throw missing("Tool '" + tool.name() + "' runs only as a task: it");
        }
        return false;
    }

    /** {@code -32021} naming the extension: what a request that needs it and did not declare it gets. */
    static McpException missing(String what) {
        return new McpException(ErrorCodes.MISSING_CLIENT_CAPABILITY, what + " needs the client capability extensions."
                + EXTENSION + ", which the request did not declare", REQUIRED);
    }

    /**
     * Starts {@code tool} as a task and answers with the task handle: {@code resultType: "task"}
     * in 2026-07-28, the {@code CreateTaskResult} of 2025-11-25 (kept for the TTL its
     * {@code params.task.ttl} asks, and announcing its status changes on the session), once
     * {@code tasks/get} finds it. Its first round sees the answers and state the request brought
     * ({@code inputs}: input-required rounds answered before the task began). A full store or
     * worker queue is refused at once ({@code -32001}, {@code data.reason}) and the breaker's
     * probe is given back.
     */
    void start(Request request, Tool tool, CircuitBreaker breaker, Arguments args, Inputs inputs) {
        Principal owner = request.principal;
        boolean stateless = request.isStateless();
        TaskStore.Created created = stateless ? store.create(owner, null)
                : store.create(owner, SessionTaskMethods.requestedTtl(request),
                        owner.isAnonymous() ? request.session.id() : null);
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
                owner, catalog, inputs.responses, inputs.state,
                stateless ? null : new SessionTaskRelay(request.session, clientRequests)),
                breaker, store.limits().maxResultBytes(), stateless);
        Task.Snapshot seed = task.snapshot(); // as created (working): the work may end before the answer is written
        long poll = store.limits().pollInterval().toMillis();
        if (!stateless) {
            SessionTaskMethods.announce(task, request.session, poll);
        }
        if (!submit(request, task, run, breaker, stateless)) {
            store.drop(task);
            breaker.release();
            request.error(ErrorCodes.OVERLOADED, WORKERS_FULL, WORKERS_FULL_DATA);
            return;
        }
        if (stateless) {
            request.result(out -> TaskJson.write(out, seed, poll, false), ResultShape.TASK);
        } else {
            request.result(out -> {
                JsonOut.ascii(out, "{\"task\":");
                TaskJson.writeSessionTask(out, seed, poll);
                out.writeByte('}');
            });
        }
    }

    /**
     * Queues a round of the task's work with its deadline (armed on the executor of the request
     * that queued it); false when the worker queue refused it.
     */
    private boolean submit(Request request, Task task, TaskRun run, CircuitBreaker breaker, boolean stateless) {
        task.work(run);
        task.onCancel(run::stop);
        if (!workers.trySubmit(run)) {
            return false;
        }
        run.deadline(request.session.outbound().executor().schedule(() -> {
            McpException late = new McpException(ErrorCodes.REQUEST_TIMEOUT, "Request timed out",
                    Map.of("timeoutMs", TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            if (task.fail(TaskRun.error(late, stateless), "The tool ran past its deadline")) {
                breaker.onFailure(System.nanoTime());
                run.stop();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS));
        return true;
    }

    /** {@code tasks/get}: the task with its result or error once it has one. */
    void get(Request request) {
        Task.Snapshot task = find(request).snapshot();
        long poll = store.limits().pollInterval().toMillis();
        request.result(out -> TaskJson.write(out, task, poll, true));
    }

    /**
     * {@code tasks/update}: takes the answers to outstanding input requests (others are ignored,
     * as the extension says) and acknowledges at once; once every request of the round is
     * answered, the next round is queued. A refusal to queue it (breaker open, worker queue
     * full) fails the task with that error: its answers are spent.
     */
    void update(Request request) {
        Task task = find(request);
        Map<String, Map<String, Object>> responses = responses(request.params());
        Task.Resume resume = task.answer(responses, sizes(responses));
        if (resume == Task.TOO_LARGE) {
            request.error(ErrorCodes.OVERLOADED, "Task store full: the answers are larger than the task store keeps",
                    Map.of("reason", "task-input-too-large", "limit", store.limits().maxResultBytes(), "retryAfterMs", 1000));
            return;
        }
        if (resume != null && task.work() instanceof TaskRun last) {
            TaskRun next = last.next(resume);
            if (!next.admitted()) {
                task.fail(TaskRun.error(new McpException(ErrorCodes.TOOL_UNAVAILABLE,
                        "Tool temporarily unavailable: it failed repeatedly", Map.of("reason", "circuit-open"))),
                        "The tool's circuit breaker is open");
            } else if (!submit(request, task, next, next.breaker(), true)) {
                next.breaker().release();
                task.fail(TaskRun.error(new McpException(ErrorCodes.OVERLOADED, WORKERS_FULL, WORKERS_FULL_DATA)),
                        WORKERS_FULL);
            }
        }
        request.emptyResult();
    }

    /**
     * What each answer weighs encoded, stopped one byte past {@code max-result-bytes} (no answer
     * larger is kept, so none is measured further): the answers count in the task store's bound.
     */
    private Map<String, Long> sizes(Map<String, Map<String, Object>> responses) {
        int bound = store.limits().maxResultBytes();
        Map<String, Long> sizes = new java.util.HashMap<>();
        io.netty.buffer.ByteBuf scratch = io.netty.buffer.Unpooled.buffer(256, bound + 1);
        try {
            for (Map.Entry<String, Map<String, Object>> e : responses.entrySet()) {
                scratch.clear();
                long size;
                try {
                    JsonOut.value(scratch, e.getValue());
                    size = scratch.readableBytes();
                } catch (IndexOutOfBoundsException tooLarge) {
                    size = bound + 1L;
                }
                sizes.put(e.getKey(), size);
            }
        } finally {
            scratch.release();
        }
        return sizes;
    }

    /** {@code params.inputResponses}: an object of objects (-32602 otherwise); empty when absent. */
    @SuppressWarnings("unchecked") // decoded JSON objects are Map<String, Object>
    private static Map<String, Map<String, Object>> responses(Map<String, Object> params) {
        Map<String, Object> given = Params.optionalObject(params, "inputResponses");
        if (given == null) {
            return Map.of();
        }
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                throw McpException.invalidParams("inputResponses." + e.getKey() + " must be an object");
            }
        }
        return (Map<String, Map<String, Object>>) (Map<String, ?>) given;
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
        Task task = store.find(Params.requireString(request.params(), "taskId"), request.principal);
        if (task == null) {
            throw McpException.invalidParams("Failed to retrieve task: Task not found");
        }
        return task;
    }
}
