package dev.tachyon.benchmarks.handoff;

import dev.tachyon.server.engine.WorkerPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole hand-off of a blocking call, from an event loop's submit to a worker running it:
 * the fair {@link WorkerPool} (lanes, round-robin, per-lane shares) against the pool it replaced
 * ({@link SharedQueuePool}: one shared queue). One producer (the benchmark thread) submits
 * empty tasks as fast as the workers take them (a refusal is retried), spread over
 * {@code lanes} sessions, keeping at most 1,024 waiting (under the warn watermark, so neither
 * pool logs or refuses); the score is hand-offs per second, and {@code -prof gc} shows the
 * allocation per hand-off (the fair pool's lane queues allocate a node per task).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WorkerPoolBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class WorkerPoolBenchmark {

    /** Which pool: {@code fair} (the server's) or {@code shared} (before issue 10). */
    @Param({"shared", "fair"})
    public String pool;

    /** Sessions the calls come from (the fair pool keeps one lane each). */
    @Param({"1", "64"})
    public int lanes;

    private final AtomicLong ran = new AtomicLong();
    private final Runnable task = ran::incrementAndGet;
    private SharedQueuePool shared;
    private WorkerPool fair;
    private WorkerPool.Lane[] lane;
    private int next;
    private long submitted;
    /** The backlog the producer keeps at most: below the warn watermark, so no pool logs or refuses. */
    private static final int BACKLOG = 1024;

    @Setup(Level.Trial)
    public void setUp() {
        if ("fair".equals(pool)) {
            // 2 workers, as on the 2-core machine; the lane share is both (a single busy session
            // must not be slowed by the share here: this measures the hand-off, not the cap).
            fair = new WorkerPool(2, 10_000, 2, 10_000);
            lane = new WorkerPool.Lane[lanes];
            for (int i = 0; i < lanes; i++) {
                lane[i] = fair.newLane();
            }
        } else {
            shared = new SharedQueuePool(2, 10_000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fair != null) {
            fair.close(1_000);
        }
        if (shared != null) {
            shared.close();
        }
    }

    @Benchmark
    public boolean handOff() {
        while (submitted - ran.get() >= BACKLOG) {
            Thread.onSpinWait(); // let the workers catch up, as a client waiting for answers would
        }
        submitted++;
        if (fair != null) {
            WorkerPool.Lane to = lane[next];
            next = next + 1 == lanes ? 0 : next + 1;
            while (fair.trySubmit(to, task) != WorkerPool.ACCEPTED) {
                Thread.onSpinWait(); // the queue is at 95%: wait for the workers, as a retrying client would
            }
        } else {
            while (!shared.trySubmit(task)) {
                Thread.onSpinWait();
            }
        }
        return true;
    }
}
