package dev.tachyon.server.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The store's state machine, bounds and expiry on a clock the test moves (the socket tests are {@code TasksTest}). */
class TaskStoreTest {

    private static final Principal ALICE = Principal.ofToken("alice", "app", Set.of(), Map.of());
    private static final Principal BOB = Principal.ofToken("bob", "app", Set.of(), Map.of());

    private final AtomicLong nanos = new AtomicLong();
    private final TaskStore store = store(4, 4 * TaskLimits.TASK_OVERHEAD_BYTES + 150);

    private TaskStore store(int maxTasks, long maxStoreBytes) {
        return new TaskStore(new TaskLimits(maxTasks, 100, maxStoreBytes, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(1)), Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC), nanos::get);
    }

    @Test
    void idsAreDistinctAndATaskIsFoundOnlyByItsPrincipal() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Task task = store.create(ALICE, null).task();
            assertEquals(22, task.id().length());
            ids.add(task.id());
            assertEquals(task, store.find(task.id(), ALICE));
            assertNull(store.find(task.id(), BOB));
            assertNull(store.find(task.id(), Principal.anonymous()));
        }
        assertEquals(4, ids.size());
        assertEquals(TaskStore.Refusal.TOO_MANY_TASKS, store.create(ALICE, null).refusal());
        assertEquals(1, store.refused());
    }

    @Test
    void theTtlIsTheDefaultOrWhatIsAskedUpToTheMaximum() {
        assertEquals(10_000, store.create(ALICE, null).task().ttlMs());
        assertEquals(5_000, store.create(ALICE, 5_000L).task().ttlMs());
        assertEquals(20_000, store.create(ALICE, 999_000L).task().ttlMs());
    }

    @Test
    void aNewTaskPastTheByteBoundIsRefused() {
        TaskStore small = store(100, 2 * TaskLimits.TASK_OVERHEAD_BYTES + 10);
        assertNotNull(small.create(ALICE, null).task());
        assertNotNull(small.create(ALICE, null).task());
        assertEquals(TaskStore.Refusal.STORE_FULL, small.create(ALICE, null).refusal());
        assertEquals(2, small.size());
    }

    @Test
    void resultsCountAgainstTheByteBoundAndTerminalStatesNeverChange() {
        TaskStore store = store(4, 2 * TaskLimits.TASK_OVERHEAD_BYTES + 150);
        Task first = store.create(ALICE, null).task();
        Task second = store.create(ALICE, null).task();
        assertTrue(first.complete(new byte[100], new byte[] {'e'}));
        assertEquals(2 * TaskLimits.TASK_OVERHEAD_BYTES + 100, store.storeBytes());
        // The second result fits max-result-bytes but not what is left of max-store-bytes.
        assertTrue(second.complete(new byte[100], new byte[] {'e'}));
        assertEquals(TaskStatus.FAILED, second.snapshot().status());
        assertEquals(2 * TaskLimits.TASK_OVERHEAD_BYTES + 100, store.storeBytes());
        assertFalse(first.cancel("too late"), "a completed task stays completed");
        assertFalse(first.fail(new byte[] {'x'}, "too late"));
        assertEquals(TaskStatus.COMPLETED, first.snapshot().status());
        assertEquals(1, store.completed());
        assertEquals(1, store.failed());
        assertEquals(0, store.running());
    }

    @Test
    void expiryDropsTheTaskStopsItsWorkAndReturnsItsBytes() {
        Task running = store.create(ALICE, null).task();
        AtomicBoolean stopped = new AtomicBoolean();
        running.onCancel(() -> stopped.set(true));
        Task done = store.create(ALICE, 15_000L).task();
        done.complete(new byte[50], new byte[] {'e'});
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertNull(store.find(running.id(), ALICE));
        assertTrue(stopped.get(), "a task expiring while it runs is told to stop");
        assertEquals(done, store.find(done.id(), ALICE), "the other has 5 s left");
        assertEquals(TaskLimits.TASK_OVERHEAD_BYTES + 50, store.storeBytes());
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        store.sweep();
        assertEquals(0, store.size());
        assertEquals(0, store.storeBytes());
        assertEquals(2, store.expired());
        assertEquals(0, store.running());
        assertFalse(running.complete(new byte[10], new byte[] {'e'}), "work finishing after expiry is not kept");
        assertEquals(0, store.storeBytes());
    }

    @Test
    void inputRequestsWaitForEveryAnswerAndOthersAreIgnored() {
        Task task = store.create(ALICE, null).task();
        Map<String, byte[]> asked = new LinkedHashMap<>();
        asked.put("a", "{\"method\":\"elicitation/create\"}".getBytes());
        asked.put("b", "{\"method\":\"elicitation/create\"}".getBytes());
        assertTrue(task.awaitInput(asked, "state-1", new byte[] {'e'}));
        assertEquals(TaskStatus.INPUT_REQUIRED, task.snapshot().status());
        assertNull(task.answer(Map.of("a", Map.of("action", "accept"), "zzz", Map.of()), Map.of()));
        assertEquals(Set.of("b"), task.snapshot().inputRequests().keySet());
        Task.Resume resume = task.answer(Map.of("b", Map.of("action", "decline")), Map.of());
        assertNotNull(resume);
        assertEquals(Set.of("a", "b"), resume.answers().keySet());
        assertEquals("state-1", resume.state());
        assertEquals(TaskStatus.WORKING, task.snapshot().status());
        assertNull(task.answer(Map.of("a", Map.of()), Map.of()), "nothing is outstanding any more");
        assertEquals(TaskLimits.TASK_OVERHEAD_BYTES, store.storeBytes(), "the requests' bytes returned");
    }

    @Test
    void answersGatheredForARoundCountInTheStoreAndAreRefusedPastTheBound() {
        Task task = store.create(ALICE, null).task();
        Map<String, byte[]> asked = new LinkedHashMap<>();
        asked.put("a", new byte[10]);
        asked.put("b", new byte[10]);
        assertTrue(task.awaitInput(asked, null, new byte[] {'e'}));
        long base = TaskLimits.TASK_OVERHEAD_BYTES;
        assertNull(task.answer(Map.of("a", Map.of()), Map.of("a", 60L)));
        assertEquals(base + 10 + 60, store.storeBytes(), "a's request gone, its 60-byte answer kept");
        assertSame(Task.TOO_LARGE, task.answer(Map.of("b", Map.of()), Map.of("b", 41L)),
                "60 + 41 bytes of answers pass max-result-bytes (100)");
        assertEquals(Set.of("b"), task.snapshot().inputRequests().keySet(), "the refused answer was not taken");
        assertEquals(base + 10 + 60, store.storeBytes());
        assertNotNull(task.answer(Map.of("b", Map.of()), Map.of("b", 40L)));
        assertEquals(base, store.storeBytes(), "the answers left the store with the round");

        Task other = store.create(ALICE, null).task();
        assertTrue(other.awaitInput(Map.of("x", new byte[10]), null, new byte[] {'e'}));
        assertNull(other.answer(Map.of("zzz", Map.of()), Map.of("zzz", 99L)), "an answer to nothing weighs nothing");
        assertEquals(2 * base + 10, store.storeBytes());
        store.drop(other);
        assertEquals(base, store.storeBytes());
    }

    @Test
    void answersPastTheStoresBytesAreRefusedAndReturnWithTheTask() {
        TaskStore small = store(10, 2 * TaskLimits.TASK_OVERHEAD_BYTES + 50);
        Task task = small.create(ALICE, null).task();
        Task second = small.create(ALICE, null).task();
        assertNotNull(second);
        assertTrue(task.awaitInput(Map.of("a", new byte[10], "b", new byte[10]), null, new byte[] {'e'}));
        assertSame(Task.TOO_LARGE, task.answer(Map.of("a", Map.of()), Map.of("a", 41L)), "30 bytes left");
        assertNull(task.answer(Map.of("a", Map.of()), Map.of("a", 30L)));
        assertEquals(2 * TaskLimits.TASK_OVERHEAD_BYTES + 10 + 30, small.storeBytes());
        small.drop(task);
        assertEquals(TaskLimits.TASK_OVERHEAD_BYTES, small.storeBytes(), "pending request and answer returned");
    }

    @Test
    void aDroppedTaskLeavesNoTrace() {
        Task task = store.create(ALICE, null).task();
        store.drop(task);
        assertNull(store.find(task.id(), ALICE));
        assertEquals(0, store.size());
        assertEquals(0, store.storeBytes());
        assertEquals(0, store.running());
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        store.sweep();
        assertEquals(0, store.expired(), "a dropped task does not expire later");
    }
}
