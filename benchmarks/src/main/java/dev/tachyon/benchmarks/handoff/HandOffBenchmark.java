package dev.tachyon.benchmarks.handoff;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * The hand-off from an event loop to the worker pool: one producer offering tasks, one
 * consumer polling them, through a bounded queue of the pool's default capacity (10,000).
 * Agrona's {@code ManyToManyConcurrentArrayQueue} (what {@code WorkerPool} uses) against the
 * JDK's {@code ArrayBlockingQueue} used through the same non-blocking {@code offer}/{@code poll}.
 * A full queue makes the producer's offer fail (the server would answer "overloaded"), an empty
 * one the consumer's poll return null; both count as operations, so read the
 * {@code offer}/{@code poll} rows of each group.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HandOffBenchmark -prof gc}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Agrona 2 reaches jdk.internal.misc.Unsafe, as vm-tuning/jvm.options allows for the server.
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class HandOffBenchmark {

    private static final Runnable TASK = () -> { };

    /** The queue's capacity (the worker pool's default). */
    @Param({"10000"})
    public int capacity;

    private Queue<Runnable> agrona;
    private Queue<Runnable> jdk;

    @Setup(Level.Iteration)
    public void setUp() {
        agrona = new ManyToManyConcurrentArrayQueue<>(capacity);
        jdk = new ArrayBlockingQueue<>(capacity);
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public boolean agronaOffer(Control control) {
        return offer(agrona, control);
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public Runnable agronaPoll(Control control) {
        return poll(agrona, control);
    }

    @Benchmark
    @Group("arrayBlockingQueue")
    @GroupThreads(1)
    public boolean jdkOffer(Control control) {
        return offer(jdk, control);
    }

    @Benchmark
    @Group("arrayBlockingQueue")
    @GroupThreads(1)
    public Runnable jdkPoll(Control control) {
        return poll(jdk, control);
    }

    private static boolean offer(Queue<Runnable> queue, Control control) {
        while (!queue.offer(TASK)) {
            if (control.stopMeasurement) {
                return false; // the consumer has stopped: do not spin past the iteration
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static Runnable poll(Queue<Runnable> queue, Control control) {
        Runnable task;
        while ((task = queue.poll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        return task;
    }
}
