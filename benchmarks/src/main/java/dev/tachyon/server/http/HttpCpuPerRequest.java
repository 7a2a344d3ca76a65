package dev.tachyon.server.http;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The CPU time the calling thread spends per request of {@link HttpEchoBenchmark}, Tachyon's
 * HTTP stages and the HTTP ceiling's pipeline in one sitting: windows alternate between the two,
 * so what the machine does meanwhile falls on both alike. Thread CPU time, which other
 * processes on a loaded machine disturb far less than wall-clock throughput.
 * 6 s of warm-up each, then seven windows of 1.5 s each; prints the medians and their ratio.
 * Both are counted in the thread's CPU time, not the wall clock: on a loaded machine a
 * wall-clock warm-up gave the JIT a fraction of the work it gets on a quiet one, and the
 * windows then measured code still being compiled. Runs on a {@link FastThreadLocalThread}, as
 * the server's event loops do.
 *
 * <p>Run (with the JVM flags of the JMH fork): {@code java -Dio.netty.leakDetection.level=disabled
 * -Xms512m -Xmx512m --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp
 * benchmarks/target/benchmarks.jar dev.tachyon.server.http.HttpCpuPerRequest}; alternate builds.
 */
public final class HttpCpuPerRequest {

    private static final long WARM_UP_NANOS = 6_000_000_000L;
    private static final long WINDOW_NANOS = 1_500_000_000L;
    private static final int WINDOWS = 7;
    /** Requests between clock reads, so reading the clock costs nothing per request. */
    private static final int BATCH = 500;

    private static long sink;

    private HttpCpuPerRequest() {
    }

    public static void main(String[] args) throws InterruptedException {
        // On a Netty thread, as an event loop is: a buffer pool's thread cache is then a field
        // read, not a ThreadLocal look-up (about 3% of Tachyon's profile on the main thread).
        Thread thread = new FastThreadLocalThread(HttpCpuPerRequest::measure, "http-cpu-per-request");
        thread.start();
        thread.join();
    }

    private static void measure() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HttpEchoBenchmark bench = new HttpEchoBenchmark();
        bench.setUp();
        try {
            IntSupplier tachyon = bench::tachyon;
            IntSupplier ceiling = bench::ceiling;
            run(tachyon, WARM_UP_NANOS);
            run(ceiling, WARM_UP_NANOS);
            double[] ours = new double[WINDOWS];
            double[] theirs = new double[WINDOWS];
            for (int w = 0; w < WINDOWS; w++) {
                ours[w] = window(threads, tachyon);
                theirs[w] = window(threads, ceiling);
            }
            Arrays.sort(ours);
            Arrays.sort(theirs);
            double a = ours[WINDOWS / 2];
            double b = theirs[WINDOWS / 2];
            System.out.printf("CPU ns per request: tachyon median %.1f (%.1f-%.1f), ceiling median %.1f (%.1f-%.1f);"
                    + " ceiling/tachyon %.2f; %d bytes answered%n", a, ours[0], ours[WINDOWS - 1], b, theirs[0],
                    theirs[WINDOWS - 1], b / a, sink);
        } finally {
            bench.tearDown();
        }
    }

    private static void run(IntSupplier request, long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stop = threads.getCurrentThreadCpuTime() + cpuNanos;
        while (threads.getCurrentThreadCpuTime() < stop) {
            for (int k = 0; k < BATCH; k++) {
                sink += request.getAsInt();
            }
        }
    }

    private static double window(ThreadMXBean threads, IntSupplier request) {
        long requests = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        long stop = cpu + WINDOW_NANOS;
        long now = cpu;
        while (now < stop) {
            for (int k = 0; k < BATCH; k++) {
                sink += request.getAsInt();
            }
            requests += BATCH;
            now = threads.getCurrentThreadCpuTime();
        }
        return (now - cpu) / (double) requests;
    }
}
