package dev.tachyon.server.tasks;

import dev.tachyon.api.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The tasks the server holds, bounded by count ({@link TaskLimits#maxTasks}) and by bytes
 * ({@link TaskLimits#maxStoreBytes}: a fixed overhead per task plus each kept result). A task
 * is kept, finished or not, until its TTL passes; then it is dropped (a running one is told to
 * stop) and its bytes return. Expired tasks are swept on every {@link #create} and
 * {@link #find}, oldest deadline first, so the cost is one heap pop per expired task.
 *
 * <p>Ids are 128 bits from {@link SecureRandom}: a task id is as good as a bearer token, and
 * {@link #find} also requires the principal that created the task, so another principal
 * learns nothing (it gets "not found", as for an id that never existed).
 *
 * <p>Thread-safe.
 */
public final class TaskStore {

    /** Why {@link #create} refused. */
    public enum Refusal {
        /** {@link TaskLimits#maxTasks} tasks are held. */
        TOO_MANY_TASKS,
        /** The tasks held weigh {@link TaskLimits#maxStoreBytes}. */
        STORE_FULL
    }

    /** What {@link #create} did: a task, or why there is none. */
    public record Created(Task task, Refusal refusal) {
    }

    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

    private final TaskLimits limits;
    private final Clock clock;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Task> tasks = new ConcurrentHashMap<>();
    /** Each owner's tasks in creation order, for {@link #list}: a page costs its size, not the store's. */
    private final ConcurrentHashMap<Principal, ConcurrentSkipListMap<Long, Task>> byOwner = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Guarded by itself. */
    private final PriorityQueue<Task> byExpiry =
            new PriorityQueue<>((a, b) -> Long.compare(a.expiresAtNanos - b.expiresAtNanos, 0));
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder created = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** A store with the system clock. */
    public TaskStore(TaskLimits limits) {
        this(limits, Clock.systemUTC(), System::nanoTime);
    }

    /** A store whose time is {@code clock} (timestamps) and {@code nanos} (expiry): for tests. */
    public TaskStore(TaskLimits limits, Clock clock, LongSupplier nanos) {
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
        this.nanos = Objects.requireNonNull(nanos);
    }

    /** The bounds this store keeps. */
    public TaskLimits limits() {
        return limits;
    }

    /**
     * A new {@code working} task of {@code owner}, kept for {@code requestedTtlMs} (the default
     * when null, at most {@link TaskLimits#maxTtl}); or the refusal when the store is full.
     * Never blocks.
     */
    public Created create(Principal owner, Long requestedTtlMs) {
        return create(owner, requestedTtlMs, null);
    }

    /**
     * As {@link #create(Principal, Long)}, listed by {@link #list} only to callers in
     * {@code scope} (null: to every caller of {@code owner}). Anonymous callers are all one
     * principal; their tasks are listed per session so that one client never learns another's ids.
     */
    public Created create(Principal owner, Long requestedTtlMs, String scope) {
        sweep();
        if (count.incrementAndGet() > limits.maxTasks()) {
            count.decrementAndGet();
            refused.increment();
            return new Created(null, Refusal.TOO_MANY_TASKS);
        }
        if (!reserve(TaskLimits.TASK_OVERHEAD_BYTES)) {
            count.decrementAndGet();
            refused.increment();
            return new Created(null, Refusal.STORE_FULL);
        }
        long ttlMs = requestedTtlMs == null ? limits.defaultTtl().toMillis()
                : Math.max(1, Math.min(requestedTtlMs, limits.maxTtl().toMillis()));
        Task task = new Task(this, newId(), Objects.requireNonNull(owner), clock.instant(), ttlMs,
                nanos.getAsLong() + ttlMs * 1_000_000L, sequence.incrementAndGet(), scope);
        tasks.put(task.id(), task);
        byOwner.compute(owner, (o, mine) -> { // in compute: unindex may drop an empty map meanwhile
            ConcurrentSkipListMap<Long, Task> map = mine == null ? new ConcurrentSkipListMap<>() : mine;
            map.put(task.sequence, task);
            return map;
        });
        synchronized (byExpiry) {
            byExpiry.add(task);
        }
        created.increment();
        running.incrementAndGet();
        return new Created(task, null);
    }

    /** The task {@code id} of {@code owner}; null when there is none, it expired, or it is another principal's. */
    public Task find(String id, Principal owner) {
        sweep();
        Task task = id == null ? null : tasks.get(id);
        return task != null && task.owner().equals(owner) && !expired(task) ? task : null;
    }

    /** One page of {@link #list}: the tasks, and the sequence to go on after (0 when it was the last page). */
    public record Page(List<Task> tasks, long next) {
    }

    /**
     * Up to {@code max} tasks of {@code owner} visible in {@code scope}, oldest first, created after
     * the task numbered {@code after} (0: from the first). Never blocks; costs the page, not the store.
     */
    public Page list(Principal owner, String scope, long after, int max) {
        sweep();
        ConcurrentSkipListMap<Long, Task> mine = byOwner.get(owner);
        List<Task> page = new ArrayList<>(Math.min(max, 16));
        if (mine == null) {
            return new Page(page, 0);
        }
        for (Task task : mine.tailMap(after, false).values()) {
            if (task.scope != null && !task.scope.equals(scope) || expired(task)) {
                continue;
            }
            if (page.size() == max) {
                return new Page(page, page.get(max - 1).sequence);
            }
            page.add(task);
        }
        return new Page(page, 0);
    }

    private void unindex(Task task) {
        byOwner.computeIfPresent(task.owner(), (o, mine) -> {
            mine.remove(task.sequence, task);
            return mine.isEmpty() ? null : mine;
        });
    }

    /**
     * Forgets {@code task} now, before its TTL: for a task whose work could not be started, whose
     * id its client never learned. Its bytes return; it counts as neither expired nor ended.
     */
    public void drop(Task task) {
        if (tasks.remove(task.id(), task)) {
            synchronized (byExpiry) {
                byExpiry.remove(task); // linear, on a rare path (a full worker queue); keeps the heap within max-tasks
            }
            unindex(task);
            release(task.remove());
            count.decrementAndGet();
        }
    }

    /** Drops every task whose TTL has passed, returning its bytes. */
    public void sweep() {
        while (true) {
            Task task;
            synchronized (byExpiry) {
                task = byExpiry.peek();
                if (task == null || !expired(task)) {
                    return;
                }
                byExpiry.poll();
            }
            if (tasks.remove(task.id(), task)) { // else dropped already
                unindex(task);
                release(task.remove());
                count.decrementAndGet();
                expired.increment();
            }
        }
    }

    private boolean expired(Task task) {
        return nanos.getAsLong() - task.expiresAtNanos >= 0;
    }

    private String newId() {
        byte[] bits = new byte[16];
        IdBits.RANDOM.nextBytes(bits);
        return IDS.encodeToString(bits);
    }

    /**
     * Made on the first task's id, not with the store: seeding a {@code SecureRandom} looks up its
     * provider (some forty JDK classes), which a stdio cold start need not wait for. One for
     * every store: it is thread-safe.
     */
    private static final class IdBits {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    Instant now() {
        return clock.instant();
    }

    /** Takes {@code n} bytes of the store's bound; false (taking nothing) when they do not fit. */
    boolean reserve(long n) {
        while (true) {
            long now = bytes.get();
            if (now + n > limits.maxStoreBytes()) {
                return false;
            }
            if (bytes.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    void release(long n) {
        bytes.addAndGet(-n);
    }

    void ended(TaskStatus status) {
        running.decrementAndGet();
        switch (status) {
            case COMPLETED -> completed.increment();
            case FAILED -> failed.increment();
            default -> cancelled.increment();
        }
    }

    void endedUnfinished() {
        running.decrementAndGet();
    }

    /** Tasks held now (running or finished, not expired). */
    public int size() {
        return count.get();
    }

    /** What the tasks held weigh now, in bytes. */
    public long storeBytes() {
        return bytes.get();
    }

    /** Tasks working or waiting for input now. */
    public int running() {
        return running.get();
    }

    /** Tasks created since start. */
    public long created() {
        return created.sum();
    }

    /** Tasks that completed (a tool error result included) since start. */
    public long completed() {
        return completed.sum();
    }

    /** Tasks that failed with a protocol error since start. */
    public long failed() {
        return failed.sum();
    }

    /** Tasks cancelled by their client since start. */
    public long cancelled() {
        return cancelled.sum();
    }

    /** Tasks dropped at their TTL since start. */
    public long expired() {
        return expired.sum();
    }

    /** Task creations refused because the store was full, since start. */
    public long refused() {
        return refused.sum();
    }
}
