package dev.tachyon.benchmarks.ndjson;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time a thread spends per call of {@link PipelinedEchoBenchmark} (a
 * {@link FastThreadLocalThread}, as the event loop that runs the handler is): a figure
 * that other processes on a loaded machine disturb far less than wall-clock throughput (they
 * take the core away, which thread CPU time does not count; they still share its caches).
 * 6 s of warm-up, then seven windows of 1.5 s; prints the median, lowest and highest.
 *
 * <p>Run (with the JVM flags of the JMH fork): {@code java -Dio.netty.leakDetection.level=disabled
 * -Xms512m -Xmx512m --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp
 * benchmarks/target/benchmarks.jar dev.tachyon.benchmarks.ndjson.CpuPerCall [TEXT_BYTES]}; alternate
 * builds. {@code TEXT_BYTES} is the echoed text's length (32 when absent).
 */
public final class CpuPerCall {

    private static final long WARM_UP_NANOS = 6_000_000_000L;
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
        PipelinedEchoBenchmark bench = new PipelinedEchoBenchmark();
        bench.textBytes = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        bench.setUp();
        long sink = 0;
        try {
            long warm = System.nanoTime() + WARM_UP_NANOS;
            while (System.nanoTime() < warm) {
                sink += bench.pipelinedEcho();
            }
            double[] nanosPerCall = new double[WINDOWS];
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
            }
            Arrays.sort(nanosPerCall);
            System.out.printf("CPU ns per pipelined echo call: median %.1f (lowest %.1f, highest %.1f); %d bytes answered%n",
                    nanosPerCall[WINDOWS / 2], nanosPerCall[0], nanosPerCall[WINDOWS - 1], sink);
        } finally {
            bench.tearDown();
        }
    }
}
