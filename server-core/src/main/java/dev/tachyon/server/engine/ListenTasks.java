package dev.tachyon.server.engine;

import dev.tachyon.api.McpException;
import dev.tachyon.server.tasks.Task;
import dev.tachyon.server.tasks.TaskStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Task status on {@code subscriptions/listen} streams, as the tasks extension has it: the filter's
 * {@code notifications.taskIds} names tasks, and every later change of their status is pushed as
 * {@code notifications/tasks} carrying the whole {@code DetailedTask} (what {@code tasks/get}
 * would answer then). Only a request declaring the extension may ask ({@code -32021} otherwise);
 * only the caller's own tasks are honoured and echoed in the acknowledgement (another
 * principal's or an unknown id is left out, saying nothing about it). The ids count against the
 * session's subscription bound like resource URIs do.
 */
final class ListenTasks {

    private final TaskStore store;

    ListenTasks(TaskStore store) {
        this.store = store;
    }

    /** {@code notifications.taskIds}: the ids asked for, in order; empty when absent. */
    static Set<String> ids(Request request, Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list)) {
            throw McpException.invalidParams("notifications.taskIds must be an array of task ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : list) {
            if (!(id instanceof String)) {
                throw McpException.invalidParams("notifications.taskIds must hold strings");
            }
            ids.add((String) id);
        }
        if (!ids.isEmpty() && !TaskMethods.declared(request)) {
            throw TaskMethods.missing("notifications.taskIds on subscriptions/listen");
        }
        return ids;
    }

    /** The tasks among {@code ids} that {@code request}'s principal may watch. */
    List<Task> honoured(Request request, Set<String> ids) {
        List<Task> tasks = new ArrayList<>(ids.size());
        for (String id : ids) {
            Task task = store.find(id, request.principal);
            if (task != null) {
                tasks.add(task);
            }
        }
        return tasks;
    }

    /** Pushes each status change of {@code tasks} on {@code stream}; the returned action stops it. */
    Runnable watch(Listeners.Stream stream, List<Task> tasks) {
        long poll = store.limits().pollInterval().toMillis();
        List<java.util.function.Consumer<Task.Snapshot>> listeners = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            java.util.function.Consumer<Task.Snapshot> listener = now -> stream.deliver("notifications/tasks",
                    out -> TaskJson.writeDetailedMembers(out, now, poll));
            task.addStatusListener(listener);
            listeners.add(listener);
        }
        return () -> {
            for (int i = 0; i < tasks.size(); i++) {
                tasks.get(i).removeStatusListener(listeners.get(i));
            }
        };
    }
}
