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
    /** Creation order within the store: what {@link TaskStore#list} pages by. */
    final long sequence;
    /** Who may list it besides its owner's id: the session that created it when the owner is anonymous; else null. */
    final String scope;
    private TaskStatus status = TaskStatus.WORKING;
    private String statusMessage;
    private Instant lastUpdatedAt;
    private byte[] outcome;
    /** Whether {@link #outcome} is a JSON-RPC error object rather than a result. */
    private boolean outcomeIsError;
    /** What of {@link #outcome} was reserved in the store's byte bound (a result), returned with the task. */
    private long outcomeBytes;
    private Runnable onCancel;
    /** Run after every change of status (outside the lock): a 2025-11-25 session, open listen streams. */
    private final java.util.List<java.util.function.Consumer<Snapshot>> statusListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Guarded by this: what runs once the task ends or is dropped ({@code tasks/result} waiting); null after. */
    private java.util.List<Runnable> endWaiters = new java.util.ArrayList<>(0);
    /** While {@code input_required}: the requests not answered yet, each encoded as {@code {"method":...,"params":...}}. */
    private Map<String, byte[]> pending;
    private long pendingBytes;
    /** The answers gathered for the current round, and the state its handler left. */
    private Map<String, Map<String, Object>> answers;
    /** What {@link #answers} weigh, as the engine measured them encoded: counted in the store's bound. */
    private long answersBytes;
    private String roundState;
    /** What runs the task's work, for the engine to continue it after input; opaque here. */
    private volatile Object work;
    /** Set once the store let go of it (expired): nothing is recorded after that. */
    private boolean removed;

    Task(TaskStore store, String id, Principal owner, Instant createdAt, long ttlMs, long expiresAtNanos,
            long sequence, String scope) {
        this.store = store;
        this.sequence = sequence;
        this.scope = scope;
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
        return new Snapshot(id, status, statusMessage, createdAt, lastUpdatedAt, ttlMs, outcome, outcomeIsError,
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
        return complete(resultJson, tooLarge, TaskStatus.COMPLETED, null);
    }

    /**
     * As {@link #complete(byte[], byte[])}, ending in {@code status} with {@code message}: 2025-11-25
     * says a tool result with {@code isError: true} ends its task {@code failed}, while
     * {@code tasks/result} still answers that result.
     */
    public boolean complete(byte[] resultJson, byte[] tooLarge, TaskStatus status, String message) {
        if (resultJson.length > store.limits().maxResultBytes() || !store.reserve(resultJson.length)) {
            return end(TaskStatus.FAILED, tooLarge, true, "The result is larger than the task store keeps", 0);
        }
        return end(status, resultJson, false, message, resultJson.length);
    }

    /** Ends the task {@code failed} with {@code errorJson}, the encoded JSON-RPC error. False when it had already ended. */
    public boolean fail(byte[] errorJson, String message) {
        return end(TaskStatus.FAILED, errorJson, true, message, 0);
    }

    /**
     * Gives {@code listener} the task as it is right after every later change of its status (on
     * the thread that changed it, outside the task's lock) until {@link #removeStatusListener}.
     * The engine bounds how many a client adds (one per listen stream that names the task,
     * within the session's subscriptions).
     */
    public void addStatusListener(java.util.function.Consumer<Snapshot> listener) {
        statusListeners.add(listener);
    }

    /** Stops {@code listener} (its stream ended). */
    public void removeStatusListener(java.util.function.Consumer<Snapshot> listener) {
        statusListeners.remove(listener);
    }

    /**
     * Runs {@code waiter} once the task ends (or is dropped at its TTL); false, keeping nothing,
     * when that already happened. {@link #forget} takes it back (its request ended first).
     */
    public synchronized boolean whenEnded(Runnable waiter) {
        if (status.isTerminal() || removed) {
            return false;
        }
        endWaiters.add(waiter);
        return true;
    }

    /** Takes back a waiter {@link #whenEnded} kept. */
    public synchronized void forget(Runnable waiter) {
        if (endWaiters != null) {
            endWaiters.remove(waiter);
        }
    }

    /** Runs the listeners after a change: the end waiters when it ended, and the status listener. */
    private void changed(java.util.List<Runnable> ended) {
        if (ended != null) {
            for (Runnable waiter : ended) {
                waiter.run();
            }
        }
        if (!statusListeners.isEmpty()) {
            Snapshot now = snapshot(); // taken at once: a listener may write later, after further changes
            for (java.util.function.Consumer<Snapshot> listener : statusListeners) {
                listener.accept(now);
            }
        }
    }

    /** Takes the end waiters to run once the lock is let go. Holds the lock. */
    private java.util.List<Runnable> takeWaiters() {
        java.util.List<Runnable> waiters = endWaiters;
        endWaiters = null;
        return waiters;
    }

    /**
     * Cancels the task: it becomes {@code cancelled} and its work is told to stop. Idempotent; a
     * task that had already ended keeps its status (the extension's cancel is a request, not a
     * guarantee). True when this call cancelled it.
     */
    public boolean cancel(String message) {
        Runnable action;
        long freed;
        java.util.List<Runnable> waiters;
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
            waiters = takeWaiters();
        }
        store.release(freed);
        store.ended(TaskStatus.CANCELLED);
        if (action != null) {
            action.run();
        }
        changed(waiters);
        return true;
    }

    private boolean end(TaskStatus terminal, byte[] body, boolean isError, String message, int reserved) {
        boolean changed = false;
        long freed = 0;
        java.util.List<Runnable> waiters = null;
        synchronized (this) {
            if (!status.isTerminal() && !removed) {
                freed = dropPending();
                waiters = takeWaiters();
                status = terminal;
                outcome = body;
                outcomeIsError = isError;
                outcomeBytes = reserved;
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
        changed(waiters);
        return true;
    }

    /**
     * Called by the store as it lets go of the task (expired or dropped): a running task is cancelled (its
     * work told to stop) without counting as cancelled. Returns the bytes it held.
     */
    long remove() {
        Runnable action;
        long held;
        java.util.List<Runnable> waiters;
        synchronized (this) {
            removed = true;
            held = TaskLimits.TASK_OVERHEAD_BYTES + outcomeBytes + dropPending();
            outcomeBytes = 0;
            waiters = takeWaiters();
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
        if (waiters != null) {
            for (Runnable waiter : waiters) {
                waiter.run(); // they find the task gone: no status listener, the task no longer exists
            }
        }
        return held;
    }

    /**
     * A task's state at one moment, as {@code tasks/get} shows it; {@code inputRequests} are the
     * outstanding requests to the client (encoded), in the order asked, empty unless
     * {@code input_required}; {@code outcomeIsError} says whether {@code outcome} is a JSON-RPC
     * error object (else a result).
     */
    public record Snapshot(String id, TaskStatus status, String statusMessage, Instant createdAt,
            Instant lastUpdatedAt, long ttlMs, byte[] outcome, boolean outcomeIsError,
            Map<String, byte[]> inputRequests) {
    }

    /** What the next round of a task's work gets: every answer to the round's requests, and the state it left. */
    public record Resume(Map<String, Map<String, Object>> answers, String state) {
    }

    /**
     * What {@link #answer} returns, the answers not taken, when keeping them would pass
     * {@link TaskLimits#maxResultBytes} for the task or the store's byte bound. Compared by identity.
     */
    public static final Resume TOO_LARGE = new Resume(Map.of(), null);

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
            return end(TaskStatus.FAILED, tooLarge, true, "The input requests are larger than the task store keeps", 0);
        }
        boolean waiting = false;
        synchronized (this) {
            if (!status.isTerminal() && !removed) {
                waiting = true;
                status = TaskStatus.INPUT_REQUIRED;
                pending = new LinkedHashMap<>(requests);
                pendingBytes = size;
                answers = new LinkedHashMap<>();
                roundState = state;
                lastUpdatedAt = store.now();
            }
        }
        if (waiting) {
            changed(null);
            return true;
        }
        store.release(size);
        return false;
    }

    /**
     * The work waits for the client's answer to a request it sent itself (2025-11-25, where the
     * server asks over the session): the task is {@code input_required} until {@link #resumed}.
     * Nothing happens once it ended.
     */
    public void awaitingClient(String message) {
        synchronized (this) {
            if (status != TaskStatus.WORKING || removed) {
                return;
            }
            status = TaskStatus.INPUT_REQUIRED;
            statusMessage = message;
            lastUpdatedAt = store.now();
        }
        changed(null);
    }

    /** The answer {@link #awaitingClient} waited for came (or failed): {@code working} again, unless it ended. */
    public void resumed() {
        synchronized (this) {
            if (status != TaskStatus.INPUT_REQUIRED || pending != null || removed) {
                return;
            }
            status = TaskStatus.WORKING;
            statusMessage = null;
            lastUpdatedAt = store.now();
        }
        changed(null);
    }

    /**
     * Takes the client's answers: those to outstanding keys are kept, any other is ignored (as
     * the extension says), each weighing what {@code sizes} says (its encoded bytes; absent: 0).
     * The answers a round gathers count in the store's byte bound until the round runs, at most
     * {@link TaskLimits#maxResultBytes} per task: answers past either are not taken and
     * {@link #TOO_LARGE} is returned. Once every request is answered the task is {@code working}
     * again and the answers are returned for the next round; null while some are still
     * outstanding, or when the task is not waiting for input.
     */
    public Resume answer(Map<String, Map<String, Object>> responses, Map<String, Long> sizes) {
        long freed = 0;
        Resume resume = null;
        synchronized (this) {
            if (status != TaskStatus.INPUT_REQUIRED || removed || pending == null) {
                return null;
            }
            long added = 0;
            for (String key : responses.keySet()) {
                if (pending.containsKey(key)) {
                    added += sizes.getOrDefault(key, 0L);
                }
            }
            if (answersBytes + added > store.limits().maxResultBytes() || !store.reserve(added)) {
                return TOO_LARGE;
            }
            answersBytes += added;
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
                freed += answersBytes; // handed to the next round: out of the store
                status = TaskStatus.WORKING;
                pending = null;
                answers = null;
                answersBytes = 0;
                roundState = null;
            }
            if (freed > 0) {
                lastUpdatedAt = store.now();
            }
        }
        store.release(freed);
        if (resume != null) {
            changed(null);
        }
        return resume;
    }

    /** Forgets the outstanding input requests (the task ended), returning their bytes. Holds the lock. */
    private long dropPending() {
        long freed = pendingBytes + answersBytes;
        pending = null;
        answers = null;
        roundState = null;
        pendingBytes = 0;
        answersBytes = 0;
        return freed;
    }
}
