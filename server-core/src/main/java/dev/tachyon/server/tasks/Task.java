package dev.tachyon.server.tasks;

import dev.tachyon.api.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task: a state machine {@code working <-> input_required -> completed | failed |
 * cancelled} whose terminal states never change again. The outcome (a result or an error) is
 * kept as the JSON bytes the engine encoded, counted against the store's byte bound, until the
 * task expires.
 *
 * <p>Thread-safe: the worker running the task, the event loops answering polls and the store's
 * sweep all touch it, under its own lock (held for field updates only, never across work).
 */
public final class Task {

    private final TaskStore store;
    private final String id;
    private final Principal owner;
    private final Instant createdAt;
    private final long ttlMs;
    final long expiresAtNanos;
    private TaskStatus status = TaskStatus.WORKING;
    private String statusMessage;
    private Instant lastUpdatedAt;
    private byte[] outcome;
    private Runnable onCancel;
    /** While {@code input_required}: the requests not answered yet, each encoded as {@code {"method":...,"params":...}}. */
    private Map<String, byte[]> pending;
    private long pendingBytes;
    /** The answers gathered for the current round, and the state its handler left. */
    private Map<String, Map<String, Object>> answers;
    private String roundState;
    /** What runs the task's work, for the engine to continue it after input; opaque here. */
    private volatile Object work;
    /** Set once the store let go of it (expired): nothing is recorded after that. */
    private boolean removed;

    Task(TaskStore store, String id, Principal owner, Instant createdAt, long ttlMs, long expiresAtNanos) {
        this.store = store;
        this.id = id;
        this.owner = owner;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
        this.ttlMs = ttlMs;
        this.expiresAtNanos = expiresAtNanos;
    }

    /** The task's id: 128 random bits, URL-safe Base64. */
    public String id() {
        return id;
    }

    /** Who created it; nobody else finds it. */
    public Principal owner() {
        return owner;
    }

    /** How long it is kept from its creation, in milliseconds. */
    public long ttlMs() {
        return ttlMs;
    }

    /** What runs the task's work, as {@link #work(Object)} left it; null before. */
    public Object work() {
        return work;
    }

    /** Keeps what runs the task's work (the engine's), so that a later request can continue it. */
    public void work(Object value) {
        work = value;
    }

    /** A consistent copy of the task's state now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(id, status, statusMessage, createdAt, lastUpdatedAt, ttlMs, outcome,
                pending == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pending)));
    }

    /** Whether a cancellation was asked for (the handler's {@code isCancelled()}). */
    public synchronized boolean isCancelled() {
        return status == TaskStatus.CANCELLED;
    }

    /**
     * What stops the work when the task is cancelled or expires (interrupting its worker);
     * runs at once if that already happened.
     */
    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = status == TaskStatus.CANCELLED;
            onCancel = now ? null : action;
        }
        if (now) {
            action.run();
        }
    }

    /** A progress note for the status message while the task works; ignored once it ended. */
    public synchronized void statusMessage(String message) {
        if (!status.isTerminal()) {
            statusMessage = message;
            lastUpdatedAt = store.now();
        }
    }

    /**
     * Ends the task {@code completed} with {@code resultJson}, the encoded result. A result over
     * {@link TaskLimits#maxResultBytes} or the store's byte bound fails the task instead, with
     * {@code tooLarge} (a small encoded error). False when the task had already ended.
     */
    public boolean complete(byte[] resultJson, byte[] tooLarge) {
        if (resultJson.length > store.limits().maxResultBytes() || !store.reserve(resultJson.length)) {
            return end(TaskStatus.FAILED, tooLarge, "The result is larger than the task store keeps", 0);
        }
        return end(TaskStatus.COMPLETED, resultJson, null, resultJson.length);
    }

    /** Ends the task {@code failed} with {@code errorJson}, the encoded JSON-RPC error. False when it had already ended. */
    public boolean fail(byte[] errorJson, String message) {
        return end(TaskStatus.FAILED, errorJson, message, 0);
    }

    /**
     * Cancels the task: it becomes {@code cancelled} and its work is told to stop. Idempotent; a
     * task that had already ended keeps its status (the extension's cancel is a request, not a
     * guarantee). True when this call cancelled it.
     */
    public boolean cancel(String message) {
        Runnable action;
        long freed;
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
            status = TaskStatus.CANCELLED;
            statusMessage = message;
            lastUpdatedAt = store.now();
            action = onCancel;
            onCancel = null;
            freed = dropPending();
        }
        store.release(freed);
        store.ended(TaskStatus.CANCELLED);
        if (action != null) {
            action.run();
        }
        return true;
    }

    private boolean end(TaskStatus terminal, byte[] body, String message, int reserved) {
        boolean changed = false;
        long freed = 0;
        synchronized (this) {
            if (!status.isTerminal() && !removed) {
                freed = dropPending();
                status = terminal;
                outcome = body;
                statusMessage = message;
                lastUpdatedAt = store.now();
                onCancel = null;
                changed = true; // a reserved result is kept now: the store releases it with the task
            }
        }
        store.release(freed);
        if (!changed) {
            store.release(reserved); // ended meanwhile: the result is not kept
            return false;
        }
        store.ended(terminal);
        return true;
    }

    /**
     * Called by the store as it lets go of the task (expired or dropped): a running task is cancelled (its
     * work told to stop) without counting as cancelled. Returns the bytes it held.
     */
    long remove() {
        Runnable action;
        long held;
        synchronized (this) {
            removed = true;
            held = TaskLimits.TASK_OVERHEAD_BYTES
                    + (status == TaskStatus.COMPLETED && outcome != null ? outcome.length : 0) + dropPending();
            action = onCancel;
            onCancel = null;
            if (!status.isTerminal()) {
                status = TaskStatus.CANCELLED;
                store.endedUnfinished();
            }
        }
        if (action != null) {
            action.run();
        }
        return held;
    }

    /**
     * A task's state at one moment, as {@code tasks/get} shows it; {@code inputRequests} are the
     * outstanding requests to the client (encoded), in the order asked, empty unless
     * {@code input_required}.
     */
    public record Snapshot(String id, TaskStatus status, String statusMessage, Instant createdAt,
            Instant lastUpdatedAt, long ttlMs, byte[] outcome, Map<String, byte[]> inputRequests) {
    }

    /** What the next round of a task's work gets: every answer to the round's requests, and the state it left. */
    public record Resume(Map<String, Map<String, Object>> answers, String state) {
    }

    /**
     * The work needs input from the client: the task becomes {@code input_required} with
     * {@code requests} (keys unique over the task's life, values encoded) until
     * {@link #answer} has every one. Requests past the store's byte bound fail the task with
     * {@code tooLarge} instead. False when the task had ended.
     */
    public boolean awaitInput(Map<String, byte[]> requests, String state, byte[] tooLarge) {
        long size = 0;
        for (byte[] r : requests.values()) {
            size += r.length;
        }
        if (size > store.limits().maxResultBytes() || !store.reserve(size)) {
            return end(TaskStatus.FAILED, tooLarge, "The input requests are larger than the task store keeps", 0);
        }
        synchronized (this) {
            if (!status.isTerminal() && !removed) {
                status = TaskStatus.INPUT_REQUIRED;
                pending = new LinkedHashMap<>(requests);
                pendingBytes = size;
                answers = new LinkedHashMap<>();
                roundState = state;
                lastUpdatedAt = store.now();
                return true;
            }
        }
        store.release(size);
        return false;
    }

    /**
     * Takes the client's answers: those to outstanding keys are kept, any other is ignored (as
     * the extension says). Once every request is answered the task is {@code working} again and
     * the answers are returned for the next round; null while some are still outstanding, or
     * when the task is not waiting for input.
     */
    public Resume answer(Map<String, Map<String, Object>> responses) {
        long freed = 0;
        Resume resume = null;
        synchronized (this) {
            if (status != TaskStatus.INPUT_REQUIRED || removed) {
                return null;
            }
            for (Map.Entry<String, Map<String, Object>> e : responses.entrySet()) {
                byte[] request = pending.remove(e.getKey());
                if (request != null) {
                    answers.put(e.getKey(), e.getValue());
                    freed += request.length;
                }
            }
            pendingBytes -= freed;
            if (pending.isEmpty()) {
                resume = new Resume(Map.copyOf(answers), roundState);
                status = TaskStatus.WORKING;
                pending = null;
                answers = null;
                roundState = null;
            }
            if (freed > 0) {
                lastUpdatedAt = store.now();
            }
        }
        store.release(freed);
        return resume;
    }

    /** Forgets the outstanding input requests (the task ended), returning their bytes. Holds the lock. */
    private long dropPending() {
        long freed = pendingBytes;
        pending = null;
        answers = null;
        roundState = null;
        pendingBytes = 0;
        return freed;
    }
}
