package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.MemorySnapshot;

/**
 * Memory before an attack, to check that the server lets go of what the attacker made it hold.
 *
 * <pre>{@code
 * MemoryBaseline baseline = MemoryBaseline.take();
 * ... attack, close the attacker's connections ...
 * baseline.assertReturned();
 * }</pre>
 *
 * <p>Slack: the heap may keep {@value #HEAP_SLACK_MIB} MiB more (class loading, JIT, caches
 * warmed by the attack) and Netty's direct memory {@value #DIRECT_SLACK_MIB} MiB more (the pool
 * keeps a few 4 MiB chunks in thread caches and partly used arenas). An attack that made the
 * server hold per-client state without bound leaves far more than that.
 */
public final class MemoryBaseline {

    static final long HEAP_SLACK_MIB = 32;
    static final long DIRECT_SLACK_MIB = 16;
    private static final long MIB = 1024 * 1024;

    private final MemorySnapshot before;

    private MemoryBaseline(MemorySnapshot before) {
        this.before = before;
    }

    /** Memory now, after full collections. */
    public static MemoryBaseline take() throws InterruptedException {
        return new MemoryBaseline(MemorySnapshot.afterGc());
    }

    /** The snapshot taken. */
    public MemorySnapshot before() {
        return before;
    }

    /**
     * Asserts memory is back within the slack of the baseline, waiting up to 10 s for the server
     * to let go (sessions closing, timeouts firing); returns the last snapshot.
     */
    public MemorySnapshot assertReturned() throws InterruptedException {
        return assertReturned(10_000);
    }

    /** As {@link #assertReturned()}, waiting up to {@code waitMillis}. */
    public MemorySnapshot assertReturned(long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        MemorySnapshot after;
        while (true) {
            after = MemorySnapshot.afterGc();
            if (within(after) || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        System.out.println("memory before " + before + ", after " + after);
        assertTrue(after.heap() <= before.heap() + HEAP_SLACK_MIB * MIB, "heap after GC: before " + before + ", after " + after);
        assertTrue(after.nettyDirect() <= before.nettyDirect() + DIRECT_SLACK_MIB * MIB,
                "Netty direct memory: before " + before + ", after " + after);
        return after;
    }

    private boolean within(MemorySnapshot after) {
        return after.heap() <= before.heap() + HEAP_SLACK_MIB * MIB
                && after.nettyDirect() <= before.nettyDirect() + DIRECT_SLACK_MIB * MIB;
    }
}
