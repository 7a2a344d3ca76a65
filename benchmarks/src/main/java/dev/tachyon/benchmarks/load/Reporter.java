package dev.tachyon.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Collects the loops' latency recorders and counters at every second boundary (and exactly at
 * the start and end of the measured window), prints the live line, and keeps the measured total.
 *
 * <p>The loops record into {@code SingleWriterRecorder}s; taking an interval histogram swaps the
 * recorder's buffer without stopping the writer, so reporting never stalls the load.
 */
final class Reporter {

    private final List<LoopContext> loops;
    private final PrintStream live;
    private final boolean quiet;
    private final Histogram[] recycled;
    private final Histogram interval = new Histogram(1, LoopContext.MAX_LATENCY_NANOS, 3);
    private final Histogram total = new Histogram(1, LoopContext.MAX_LATENCY_NANOS, 3);
    private final Histogram[] recycledRejected;
    private final Histogram rejectedTotal = new Histogram(1, LoopContext.MAX_LATENCY_NANOS, 3);
    private long measuredErrors;
    private final List<String> lines = new ArrayList<>();
    private long lastAnswered;
    private long lastErrors;
    private long measuredAnswers;
    private long sentAtStart;
    private long answeredAtStart;
    private long measuredSent;
    /** When the window's start snapshot was read ({@link System#nanoTime()}, the middle of the read). */
    private long snapshotAtStart;
    /** How long the measured window really was: from snapshot to snapshot, not the nominal duration. */
    private long measuredNanos;

    Reporter(List<LoopContext> loops, PrintStream live, boolean quiet) {
        this.loops = loops;
        this.live = live;
        this.quiet = quiet;
        this.recycled = new Histogram[loops.size()];
        this.recycledRejected = new Histogram[loops.size()];
    }

    /** Reports until {@code measureEnd}, then runs {@code atEnd}; tells {@code window} at the window's two edges. */
    void run(long t0, long measureStart, long measureEnd, LoadRun.MeasuredWindow window, Runnable atEnd)
            throws InterruptedException {
        TreeSet<Long> boundaries = new TreeSet<>();
        for (long t = t0 + 1_000_000_000L; t < measureEnd - 100_000_000L; t += 1_000_000_000L) {
            if (Math.abs(t - measureStart) > 100_000_000L) {
                boundaries.add(t);
            }
        }
        boundaries.add(measureStart);
        boundaries.add(measureEnd);
        long previous = t0;
        for (long boundary : boundaries) {
            sleepUntil(boundary);
            boolean measuring = previous >= measureStart;
            if (boundary == measureEnd) {
                atEnd.run();
            }
            collect(measuring);
            boolean edge = boundary == measureStart || boundary == measureEnd;
            // The window is told right before its edge snapshot, so whatever it reads (the CPU time
            // of the server) covers the same stretch as the answers counted, even when this thread
            // reaches an edge late.
            if (boundary == measureStart) {
                window.opened();
            } else if (boundary == measureEnd) {
                window.closed();
            }
            // At the window's edges, each loop's two counters are read on the loop itself, at one
            // instant: the window's sent and answered then differ by no more than the requests in
            // flight at its edges, however late this thread runs.
            long before = System.nanoTime();
            long[] counts = edge ? countsOnLoops() : new long[] {sent(), answered()};
            long snapshotAt = before + (System.nanoTime() - before) / 2;
            long answered = counts[1];
            long errors = errors();
            double seconds = (boundary - previous) / 1e9;
            if (measuring) {
                measuredErrors += errors - lastErrors;
            }
            // Sent and answered of the window are the differences of the two edge snapshots. (Summing
            // the intervals counted, with no warm-up, the interval that ends at measureStart too:
            // answers from before the start snapshot, more answers than sends.)
            if (boundary == measureStart) {
                sentAtStart = counts[0];
                answeredAtStart = counts[1];
                snapshotAtStart = snapshotAt;
            }
            if (boundary == measureEnd) {
                measuredSent = counts[0] - sentAtStart;
                measuredAnswers = counts[1] - answeredAtStart;
                // A late edge (this thread descheduled on a loaded machine) moves both the count
                // and its instant: answers/s divides by the window the counts really span.
                measuredNanos = snapshotAt - snapshotAtStart;
            }
            String line = String.format("[%6.1fs] %-7s %,11.0f answers/s  p50 %s  p99 %s  max %s  errors %,d  pending %,d",
                    (boundary - t0) / 1e9, measuring ? "measure" : "warmup", (answered - lastAnswered) / seconds,
                    millis(interval, 50), millis(interval, 99), millis(interval, 100), errors - lastErrors, pending());
            lines.add(line);
            if (!quiet) {
                live.println(line);
                live.flush();
            }
            lastAnswered = answered;
            lastErrors = errors;
            previous = boundary;
        }
    }

    /** Adds what was recorded during the drain to the total. */
    void collectDrain() {
        collect(true);
    }

    /** Requests sent and not answered yet, over all loops. */
    long pending() {
        return sent() - answered();
    }

    Histogram total() {
        return total;
    }

    /** The measured window's real length, snapshot to snapshot (nanoseconds). */
    long measuredNanos() {
        return measuredNanos;
    }

    long measuredAnswers() {
        return measuredAnswers;
    }

    /** Error answers (JSON-RPC errors, tool errors, HTTP errors) in the measured window. */
    long measuredErrors() {
        return measuredErrors;
    }

    /** Latencies of the answers that refused their request (-32001, HTTP 503): measured window and drain. */
    Histogram rejected() {
        return rejectedTotal;
    }

    long measuredSent() {
        return measuredSent;
    }

    List<String> liveLines() {
        return lines;
    }

    private void collect(boolean intoTotal) {
        interval.reset();
        for (int k = 0; k < loops.size(); k++) {
            recycled[k] = loops.get(k).recorder.getIntervalHistogram(recycled[k]);
            interval.add(recycled[k]);
            recycledRejected[k] = loops.get(k).rejectedRecorder.getIntervalHistogram(recycledRejected[k]);
            if (intoTotal) {
                rejectedTotal.add(recycledRejected[k]);
            }
        }
        if (intoTotal) {
            total.add(interval);
        }
    }

    /**
     * Sent and answered over all loops, each loop's pair read by a task on that loop, so no send or
     * answer of that loop falls between the two reads. A loop that cannot run the task (shut down,
     * or busy for a second) is read from here instead.
     */
    private long[] countsOnLoops() {
        long[] counts = new long[2];
        for (LoopContext loop : loops) {
            long[] pair;
            try {
                pair = loop.eventLoop.submit(() -> new long[] {loop.sent.get(), loop.answered.get()})
                        .get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                pair = new long[] {loop.sent.get(), loop.answered.get()};
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pair = new long[] {loop.sent.get(), loop.answered.get()};
            }
            counts[0] += pair[0];
            counts[1] += pair[1];
        }
        return counts;
    }

    private long answered() {
        long n = 0;
        for (LoopContext loop : loops) {
            n += loop.answered.get();
        }
        return n;
    }

    private long sent() {
        long n = 0;
        for (LoopContext loop : loops) {
            n += loop.sent.get();
        }
        return n;
    }

    private long errors() {
        long n = 0;
        for (LoopContext loop : loops) {
            n += loop.errors.get();
        }
        return n;
    }

    static String millis(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        long v = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return String.format("%.3f ms", v / 1e6);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }
}
