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
 * The 2025-11-25 {@code Task} ({@link #writeSessionTask}) has the same members with the
 * durations named {@code ttl} and {@code pollInterval}, and never an outcome (that is
 * {@code tasks/result}'s).
 */
final class TaskJson {

    private TaskJson() {
    }

    /** Writes {@code task}; with {@code detailed}, its result or error too ({@code tasks/get}). */
    static void write(ByteBuf out, Task.Snapshot task, long pollIntervalMs, boolean detailed) {
        out.writeByte('{');
        members(out, task, "ttlMs", "pollIntervalMs", pollIntervalMs);
        if (detailed) {
            outcome(out, task);
        }
        out.writeByte('}');
    }

    /**
     * The members of the extension's {@code DetailedTask}, each with a leading comma and no
     * braces: the params of {@code notifications/tasks} after the subscription's {@code _meta}.
     */
    static void writeDetailedMembers(ByteBuf out, Task.Snapshot task, long pollIntervalMs) {
        out.writeByte(',');
        members(out, task, "ttlMs", "pollIntervalMs", pollIntervalMs);
        outcome(out, task);
    }

    /** Writes {@code task} as the 2025-11-25 {@code Task} object. */
    static void writeSessionTask(ByteBuf out, Task.Snapshot task, long pollIntervalMs) {
        out.writeByte('{');
        members(out, task, "ttl", "pollInterval", pollIntervalMs);
        out.writeByte('}');
    }

    /** The members both revisions share, the durations under the names given; no braces. */
    private static void members(ByteBuf out, Task.Snapshot task, String ttl, String pollInterval, long pollIntervalMs) {
        JsonOut.ascii(out, "\"taskId\":");
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
        JsonOut.ascii(out, "\",\"");
        JsonOut.ascii(out, ttl);
        JsonOut.ascii(out, "\":");
        JsonOut.value(out, task.ttlMs());
        JsonOut.ascii(out, ",\"");
        JsonOut.ascii(out, pollInterval);
        JsonOut.ascii(out, "\":");
        JsonOut.value(out, pollIntervalMs);
    }

    /** The extension's {@code inputRequests}, {@code result} or {@code error}, as the status calls for. */
    private static void outcome(ByteBuf out, Task.Snapshot task) {
        if (task.status() == TaskStatus.INPUT_REQUIRED) {
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
        if (task.outcome() != null) {
            if (task.status() == TaskStatus.COMPLETED) {
                JsonOut.ascii(out, ",\"result\":");
                out.writeBytes(task.outcome());
            } else if (task.status() == TaskStatus.FAILED) {
                JsonOut.ascii(out, ",\"error\":");
                out.writeBytes(task.outcome());
            }
        }
    }
}
