package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.tasks.Task;
import dev.tachyon.server.tasks.TaskStatus;
import io.netty.buffer.ByteBuf;
import java.time.temporal.ChronoUnit;

/**
 * A task as the tasks extension writes it: the flat {@code Task} members, and in a
 * {@code tasks/get} answer the member its status calls for ({@code result} when completed,
 * {@code error} when failed). The outcome is spliced in as the bytes the store keeps.
 * <pre>
 *   {"taskId":"...","status":"completed","statusMessage":"...","createdAt":"2026-...Z",
 *    "lastUpdatedAt":"2026-...Z","ttlMs":600000,"pollIntervalMs":1000,"result":{...}}
 * </pre>
 */
final class TaskJson {

    private TaskJson() {
    }

    /** Writes {@code task}; with {@code detailed}, its result or error too ({@code tasks/get}). */
    static void write(ByteBuf out, Task.Snapshot task, long pollIntervalMs, boolean detailed) {
        JsonOut.ascii(out, "{\"taskId\":");
        JsonOut.string(out, task.id());
        JsonOut.ascii(out, ",\"status\":\"");
        JsonOut.ascii(out, task.status().wireName());
        out.writeByte('"');
        if (task.statusMessage() != null) {
            JsonOut.ascii(out, ",\"statusMessage\":");
            JsonOut.string(out, task.statusMessage());
        }
        JsonOut.ascii(out, ",\"createdAt\":\"");
        JsonOut.ascii(out, task.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        JsonOut.ascii(out, "\",\"lastUpdatedAt\":\"");
        JsonOut.ascii(out, task.lastUpdatedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        JsonOut.ascii(out, "\",\"ttlMs\":");
        JsonOut.value(out, task.ttlMs());
        JsonOut.ascii(out, ",\"pollIntervalMs\":");
        JsonOut.value(out, pollIntervalMs);
        if (detailed && task.status() == TaskStatus.INPUT_REQUIRED) {
            JsonOut.ascii(out, ",\"inputRequests\":{");
            boolean first = true;
            for (java.util.Map.Entry<String, byte[]> e : task.inputRequests().entrySet()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                JsonOut.string(out, e.getKey());
                out.writeByte(':');
                out.writeBytes(e.getValue());
            }
            out.writeByte('}');
        }
        if (detailed && task.outcome() != null) {
            if (task.status() == TaskStatus.COMPLETED) {
                JsonOut.ascii(out, ",\"result\":");
                out.writeBytes(task.outcome());
            } else if (task.status() == TaskStatus.FAILED) {
                JsonOut.ascii(out, ",\"error\":");
                out.writeBytes(task.outcome());
            }
        }
        out.writeByte('}');
    }
}
