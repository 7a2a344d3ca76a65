package dev.tachyon.benchmarks.ndjson;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time a thread spends per call of {@link PipelinedEchoBenchmark} (a
 * {@link FastThreadLocalThread}, as the event loop that runs the handler is): a figure
 * that other processes on a loaded machine disturb far less than wall-clock throughput (they
 * take the core away, which thread CPU time does not count; they still share its caches).
 * At least 6 s of warm-up, and on until the JIT has finished no compile for 1 s (at most 30 s:
 * on a loaded machine the compiler threads get the cores late); then seven windows of 1.5 s.
 * Prints the median, lowest and highest, then each window with the {@link MachineProbe}'s
 * reading taken after it ({@code ns/call@probe-us}). On a shared VM the figure has two levels
 * (about 600 and 850 ns per call) that come with the machine's state, not with other compiled
 * code (RESULTS.md, "TCP, tenth pass"): compare builds on windows of like probe readings.
 *
 * <p>Run (with the JVM flags of the JMH fork, and the heap pre-touched: without it the first pass
 * of the allocations through the young generation faults its pages in, ~200-300 ns a call of
 * system time on this thread until the first collection of the full-size young generation, which
 * on a loaded machine falls inside the windows): {@code java -Dio.netty.leakDetection.level=disabled
 * -Xms512m -Xmx512m -XX:+AlwaysPreTouch --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp
 * benchmarks/target/benchmarks.jar dev.tachyon.benchmarks.ndjson.CpuPerCall [TEXT_BYTES]}; alternate
 * builds. {@code TEXT_BYTES} is the echoed text's length (32 when absent).
 */
public final class CpuPerCall {

    private static final long WARM_UP_NANOS = 6_000_000_000L;
    /** The warm-up goes on until the JIT has compiled nothing for this long (a loaded machine starves it). */
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long WARM_UP_CAP_NANOS = 30_000_000_000L;
    private static final long WINDOW_NANOS = 1_500_000_000L;
    private static final int WINDOWS = 7;
    /** Batches between clock reads, so reading the clock costs nothing per call. */
    private static final int BATCHES = 100;

    private CpuPerCall() {
    }

    public static void main(String[] args) throws InterruptedException {
        // On a FastThreadLocalThread, as an event loop is: a FastThreadLocal read on any other
        // thread (main) goes through a JDK ThreadLocal, which the server never pays per call.
        Thread loop = new FastThreadLocalThread(() -> measure(args), "cpu-per-call");
        loop.start();
        loop.join();
    }

    private static void measure(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MachineProbe probe = new MachineProbe();
        PipelinedEchoBenchmark bench = new PipelinedEchoBenchmark();
        bench.textBytes = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        bench.setUp();
        long sink = 0;
        try {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long begin = System.nanoTime();
            long compiled = jit.getTotalCompilationTime();
            long quietSince = begin;
            long now = begin;
            while (now - begin < WARM_UP_NANOS || now - quietSince < QUIET_NANOS) {
                if (now - begin > WARM_UP_CAP_NANOS) {
                    break;
                }
                for (int k = 0; k < BATCHES; k++) {
                    sink += bench.pipelinedEcho();
                }
                now = System.nanoTime();
                long total = jit.getTotalCompilationTime();
                if (total != compiled) {
                    compiled = total;
                    quietSince = now;
                }
            }
            System.out.printf("warm-up %.1f s%n", (now - begin) / 1e9);
            double[] nanosPerCall = new double[WINDOWS];
            double[] probeMicros = new double[WINDOWS];
            StringBuilder windows = new StringBuilder("windows (ns/call@probe-us):");
            for (int w = 0; w < WINDOWS; w++) {
                long calls = 0;
                long cpu = threads.getCurrentThreadCpuTime();
                long stop = System.nanoTime() + WINDOW_NANOS;
                while (System.nanoTime() < stop) {
                    for (int k = 0; k < BATCHES; k++) {
                        sink += bench.pipelinedEcho();
                    }
                    calls += (long) BATCHES * PipelinedEchoBenchmark.PIPELINE;
                }
                nanosPerCall[w] = (threads.getCurrentThreadCpuTime() - cpu) / (double) calls;
                probeMicros[w] = probe.micros(threads);
                windows.append(String.format(" %.0f@%.0f", nanosPerCall[w], probeMicros[w]));
            }
            Arrays.sort(nanosPerCall);
            Arrays.sort(probeMicros);
            System.out.printf("CPU ns per pipelined echo call: median %.1f (lowest %.1f, highest %.1f); %d bytes answered%n",
                    nanosPerCall[WINDOWS / 2], nanosPerCall[0], nanosPerCall[WINDOWS - 1], sink);
            System.out.printf("machine probe, us: median %.0f (lowest %.0f, highest %.0f); %s (%d)%n",
                    probeMicros[WINDOWS / 2], probeMicros[0], probeMicros[WINDOWS - 1], windows, probe.sink() & 1);
        } finally {
            bench.tearDown();
        }
    }
}
