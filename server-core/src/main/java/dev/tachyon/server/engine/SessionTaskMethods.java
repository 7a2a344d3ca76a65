package dev.tachyon.server.engine;

import dev.tachyon.api.McpException;
import dev.tachyon.api.TaskSupport;
import dev.tachyon.api.Tool;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.server.tasks.Task;
import dev.tachyon.server.tasks.TaskStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The experimental tasks of 2025-11-25 ({@code basic/utilities/tasks}) in a session that
 * negotiated that revision: when a {@code tools/call} is task-augmented ({@link #asTask}), and
 * {@code tasks/get}, {@code tasks/result}, {@code tasks/list}, {@code tasks/cancel}. The tasks
 * are those of the 2026-07-28 extension ({@link TaskMethods#start} starts both): one store,
 * one run, one handler.
 *
 * <p>{@code tasks/result} waits for a task that has not ended without holding a worker or an
 * event loop: the request is parked on the task (counted in the session's in-flight requests,
 * so bounded by {@code max-in-flight-per-session}) and answered on the session's executor when
 * the task ends, is dropped at its TTL ({@code -32602} "Task has expired"), or the request's
 * deadline passes first ({@code -32004}; the client asks again or polls).
 *
 * <p>Tasks belong to the principal that created them (another principal gets "Task not
 * found", as for an id that never existed). Anonymous callers are one principal, so
 * {@code tasks/list} shows an anonymous caller only the tasks its own session created.
 */
final class SessionTaskMethods {

    /** The only session revision with tasks. */
    static final String VERSION = "2025-11-25";

    /** The {@code _meta} key that ties a message to its task. */
    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";

    private static final Base64.Encoder CURSORS = Base64.getUrlEncoder().withoutPadding();

    private final TaskStore store;
    private final long timeoutNanos;
    private final int pageSize;
    private final int maxInFlightPerSession;

    SessionTaskMethods(TaskStore store, EngineSettings settings) {
        this.store = store;
        this.timeoutNanos = settings.toolTimeout().toNanos();
        this.pageSize = settings.pageSize();
        this.maxInFlightPerSession = settings.maxInFlightPerSession();
    }

    /** Whether {@code request}'s session negotiated tasks (2025-11-25; 2025-06-18 has none). */
    static boolean offered(Request request) {
        return !request.isStateless() && VERSION.equals(request.session.protocolVersion);
    }

    /**
     * Whether this stateful {@code tools/call} runs as a task: it carries {@code params.task}.
     * As the revision says, a task for a tool whose {@code execution.taskSupport} is
     * {@code forbidden}, or a plain call of a tool that requires one, is {@code -32601}. A
     * 2025-06-18 session knows no tasks: its calls run directly, {@code task} ignored.
     */
    static boolean asTask(Request request, Tool tool) {
        if (!offered(request)) {
            return false;
        }
        boolean augmented = Params.optionalObject(request.params(), "task") != null;
        if (augmented && tool.taskSupport() == TaskSupport.FORBIDDEN) {
            throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Tool '" + tool.name()
                    + "' does not run as a task (execution.taskSupport is forbidden): call it without params.task",
                    Map.of("tool", tool.name(), "taskSupport", "forbidden"));
        }
        if (!augmented && tool.taskSupport() == TaskSupport.REQUIRED) {
            throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Task augmentation required for tools/call of tool '"
                    + tool.name() + "' (execution.taskSupport is required): call it with params.task",
                    Map.of("tool", tool.name(), "taskSupport", "required"));
        }
        return augmented;
    }

    /** {@code params.task.ttl} in milliseconds, null when absent; -32602 unless a non-negative integer. */
    static Long requestedTtl(Request request) {
        Map<String, Object> task = Params.optionalObject(request.params(), "task");
        Object ttl = task == null ? null : task.get("ttl");
        if (ttl == null) {
            return null;
        }
        if (!(ttl instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw McpException.invalidParams("task.ttl must be a non-negative integer number of milliseconds");
        }
        return n.longValue();
    }

    /**
     * Sends {@code notifications/tasks/status} (the whole task) on {@code session} whenever the
     * task's status changes, while the session is open: the revision makes it optional, and a
     * client that keeps no GET stream open over HTTP simply polls.
     */
    static void announce(Task task, McpSession session, long pollIntervalMs) {
        task.addStatusListener(now -> Notifications.send(session, null, "notifications/tasks/status",
                out -> TaskJson.writeSessionTask(out, now, pollIntervalMs)));
    }

    /** {@code tasks/get}: the task, without its result. */
    void get(Request request) {
        Task.Snapshot task = find(request).snapshot();
        request.result(out -> TaskJson.writeSessionTask(out, task, pollMs()));
    }

    /**
     * {@code tasks/result}: what the call would have answered, once the task ended (its result
     * with {@code _meta} naming the task, or its error), parked until then.
     */
    void result(Request request) {
        Task task = find(request);
        if (task.snapshot().status().isTerminal()) {
            answer(request, task);
            return;
        }
        McpSession session = request.session;
        if (session.inFlightCount() >= maxInFlightPerSession) {
            request.error(ErrorCodes.OVERLOADED, "Too many requests in flight on this session",
                    Map.of("reason", "max-in-flight-per-session", "limit", maxInFlightPerSession, "retryAfterMs", 50));
            return;
        }
        request.track();
        Runnable waiter = () -> session.outbound().executor().execute(() -> {
            if (!request.isAnswered()) {
                answer(request, task);
                session.outbound().flush();
            }
        });
        if (!task.whenEnded(waiter)) {
            answer(request, task); // it ended meanwhile
            return;
        }
        SessionTaskRelay relay = task.work() instanceof TaskRun run && run.relay() != null
                && run.relay().serves(session) ? run.relay() : null; // another session's stream is not the task's
        if (relay != null) {
            relay.resultExchange(request.exchange); // the task's requests to the client go on this stream meanwhile
        }
        request.onEnd(() -> { // answered, or ended otherwise (deadline, cancelled): nothing left on the task
            task.forget(waiter);
            if (relay != null) {
                relay.resultExchange(null);
            }
        });
        request.deadline(timeoutNanos, () -> {
            request.expire(ErrorCodes.REQUEST_TIMEOUT, "Request timed out: the task is still running; "
                    + "poll tasks/get or ask tasks/result again", Map.of("timeoutMs",
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos), "taskId", task.id()));
            session.outbound().flush();
        });
    }

    /** Answers {@code tasks/result} for a task that ended, or was dropped at its TTL. */
    private void answer(Request request, Task task) {
        if (store.find(task.id(), request.principal) == null) {
            request.error(ErrorCodes.INVALID_PARAMS, "Failed to retrieve task: Task has expired", null);
            return;
        }
        Task.Snapshot ended = task.snapshot();
        byte[] outcome = ended.outcome();
        if (outcome == null) { // cancelled: the call never produced an answer
            request.error(ErrorCodes.INVALID_REQUEST, "The task was cancelled before it produced a result",
                    Map.of("taskId", ended.id(), "status", ended.status().wireName()));
        } else if (ended.outcomeIsError()) {
            Map<?, ?> error = (Map<?, ?>) JsonValues.read(outcome); // small: an error the engine encoded
            request.error(((Number) error.get("code")).intValue(), (String) error.get("message"), error.get("data"));
        } else {
            request.result(out -> {
                // The result as the call would have answered it (it has no _meta of its own), with the task named.
                int last = outcome.length - 1;
                out.writeBytes(outcome, 0, last);
                JsonOut.ascii(out, last > 1 ? ",\"_meta\":{\"" : "\"_meta\":{\"");
                JsonOut.ascii(out, RELATED_TASK);
                JsonOut.ascii(out, "\":{\"taskId\":");
                JsonOut.string(out, ended.id());
                JsonOut.ascii(out, "}}}");
            });
        }
    }

    /** {@code tasks/list}: the caller's tasks, oldest first, a page at a time with an opaque cursor. */
    void list(Request request) {
        String cursor = Params.optionalString(request.params(), "cursor");
        long after = cursor == null ? 0 : decodeCursor(cursor);
        String scope = request.principal.isAnonymous() ? request.session.id() : null;
        TaskStore.Page page = store.list(request.principal, scope, after, pageSize);
        Task.Snapshot[] tasks = new Task.Snapshot[page.tasks().size()];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = page.tasks().get(i).snapshot();
        }
        long poll = pollMs();
        request.result(out -> {
            JsonOut.ascii(out, "{\"tasks\":[");
            for (int i = 0; i < tasks.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                TaskJson.writeSessionTask(out, tasks[i], poll);
            }
            out.writeByte(']');
            if (page.next() != 0) {
                JsonOut.ascii(out, ",\"nextCursor\":");
                JsonOut.string(out, CURSORS.encodeToString(("t" + page.next()).getBytes(StandardCharsets.US_ASCII)));
            }
            out.writeByte('}');
        });
    }

    private static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            long after = text.startsWith("t") ? Long.parseLong(text.substring(1)) : -1;
            if (after > 0) {
                return after;
            }
        } catch (IllegalArgumentException e) { // not Base64, or not a number: the same answer
        }
        throw McpException.invalidParams("Invalid cursor");
    }

    /**
     * {@code tasks/cancel}: the task, now {@code cancelled} (its handler is told to stop); a task
     * that had already ended refuses with {@code -32602}, as the revision says.
     */
    void cancel(Request request) {
        Task task = find(request);
        if (!task.cancel("The task was cancelled by request.")) {
            throw McpException.invalidParams("Cannot cancel task: it is already "
                    + task.snapshot().status().wireName());
        }
        Task.Snapshot cancelled = task.snapshot();
        request.result(out -> TaskJson.writeSessionTask(out, cancelled, pollMs()));
    }

    private long pollMs() {
        return store.limits().pollInterval().toMillis();
    }

    private Task find(Request request) {
        Task task = store.find(Params.requireString(request.params(), "taskId"), request.principal);
        if (task == null) {
            throw McpException.invalidParams("Failed to retrieve task: Task not found");
        }
        return task;
    }
}
