package dev.tachyon.server.observability;

import dev.tachyon.server.tasks.TaskStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The task store's meters: tasks by how they ended, held and running now, the bytes held, and
 * creations refused because the store was full (its bounds are {@code tachyon.tasks}).
 */
final class TaskMetrics {

    private TaskMetrics() {
    }

    static void bind(MeterRegistry registry, TaskStore tasks) {
        FunctionCounter.builder("tachyon.tasks.created", tasks, TaskStore::created)
                .description("Tasks created (tool calls answered with a task)").register(registry);
        FunctionCounter.builder("tachyon.tasks.completed", tasks, TaskStore::completed)
                .description("Tasks completed, tool error results included").register(registry);
        FunctionCounter.builder("tachyon.tasks.failed", tasks, TaskStore::failed)
                .description("Tasks failed with a protocol error (timeouts and results too large included)")
                .register(registry);
        FunctionCounter.builder("tachyon.tasks.cancelled", tasks, TaskStore::cancelled)
                .description("Tasks cancelled by their client").register(registry);
        FunctionCounter.builder("tachyon.tasks.expired", tasks, TaskStore::expired)
                .description("Tasks dropped at their TTL").register(registry);
        FunctionCounter.builder("tachyon.tasks.refused", tasks, TaskStore::refused)
                .description("Task creations refused because the store held max-tasks or max-store-bytes")
                .register(registry);
        Gauge.builder("tachyon.tasks.running", tasks, TaskStore::running)
                .description("Tasks working or waiting for input now").register(registry);
        Gauge.builder("tachyon.tasks.held", tasks, TaskStore::size)
                .description("Tasks held now, running or finished until their TTL").register(registry);
        Gauge.builder("tachyon.tasks.store", tasks, TaskStore::storeBytes).baseUnit("bytes")
                .description("What the tasks held weigh, results included").register(registry);
    }
}
