package dev.tachyon.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured and whether it was sound, with its outputs: the text summary,
 * the {@code .hgrm} percentile distribution, JSON, and the latency plot.
 */
final class RunResult {

    /** Percentiles listed in the summary and the JSON. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    final LoadOptions options;
    final boolean epoll;
    final long windowNanos;
    final long answers;
    final long sent;
    /** Error answers of any kind in the measured window: {@link #answers} less these succeeded. */
    final long errorAnswers;
    final Histogram latency;
    /** Latencies of the answers refusing their request for overload (-32001, HTTP 503). */
    final Histogram rejectedLatency;
    final Map<String, Long> errors;
    final long lost;
    final long duplicated;
    final long mismatched;
    final long problemCount;
    final List<String> problems;
    final String loadBefore;
    final String loadAfter;
    final List<String> liveLines;

    RunResult(LoadOptions options, boolean epoll, long windowNanos, long answers, long sent, long errorAnswers,
            Histogram latency, Histogram rejectedLatency, Map<String, Long> errors, long lost, long duplicated, long mismatched, long problemCount,
            List<String> problems, String loadBefore, String loadAfter, List<String> liveLines) {
        this.options = options;
        this.epoll = epoll;
        this.windowNanos = windowNanos;
        this.answers = answers;
        this.sent = sent;
        this.errorAnswers = errorAnswers;
        this.latency = latency;
        this.rejectedLatency = rejectedLatency;
        this.errors = errors;
        this.lost = lost;
        this.duplicated = duplicated;
        this.mismatched = mismatched;
        this.problemCount = problemCount;
        this.problems = problems;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.liveLines = liveLines;
    }

    /** Answers per second in the measured window. */
    double throughput() {
        return answers / (windowNanos / 1e9);
    }

    /** Successful answers (neither a JSON-RPC error nor a tool error) per second in the measured window. */
    double goodput() {
        return Math.max(0, answers - errorAnswers) / (windowNanos / 1e9);
    }

    /** The latency of refusals at {@code percentile}, in milliseconds; NaN when nothing was refused. */
    double rejectedMillisAt(double percentile) {
        if (rejectedLatency.getTotalCount() == 0) {
            return Double.NaN;
        }
        return (percentile >= 100 ? rejectedLatency.getMaxValue() : rejectedLatency.getValueAtPercentile(percentile)) / 1e6;
    }

    long errorCount() {
        long n = 0;
        for (long v : errors.values()) {
            n += v;
        }
        return n;
    }

    /** Whether some request did not get exactly one matching answer (or a connection broke). */
    boolean failed() {
        return lost > 0 || duplicated > 0 || mismatched > 0 || problemCount > 0;
    }

    double millisAt(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("tachyon-bench ").append(options.target).append(" (").append(options.label).append(")\n");
        s.append("  load         ").append(options.describe()).append('\n');
        s.append("  generator    ").append(epoll ? "epoll" : "nio").append(", ").append(options.threads)
                .append(" event loops, ").append(SystemFacts.jdk()).append(", ").append(SystemFacts.cores())
                .append(" cores visible\n");
        s.append("  load avg     before ").append(loadBefore).append("; after ").append(loadAfter).append('\n');
        s.append(String.format("  sent         %,d requests in the measured window%n", sent));
        s.append(String.format("  throughput   %,.0f answers/s (%,d in %s)%n", throughput(), answers,
                LoadOptions.seconds(windowNanos)));
        s.append(String.format("  goodput      %,.0f successful answers/s%n", goodput()));
        s.append("  latency      ");
        for (double p : PERCENTILES) {
            s.append(String.format("p%s %.3f  ", trim(p), millisAt(p)));
        }
        s.append(String.format("max %.3f ms  (%,d answers%s)%n", maxMillis(), latency.getTotalCount(),
                options.mode == LoadOptions.Mode.RATE ? ", from intended send times" : ""));
        if (rejectedLatency.getTotalCount() > 0) {
            s.append(String.format("  rejections   p50 %.3f  p99 %.3f  max %.3f ms  (%,d refused: -32001 or HTTP 503)%n",
                    rejectedMillisAt(50), rejectedMillisAt(99), rejectedMillisAt(100), rejectedLatency.getTotalCount()));
        }
        s.append("  errors       ").append(errors.isEmpty() ? "none" : errors.toString().replaceAll("[{}]", "")).append('\n');
        if (failed()) {
            s.append(String.format("  FAILED       %,d lost, %,d duplicated, %,d mismatched answers; %,d problems%n",
                    lost, duplicated, mismatched, problemCount));
            for (String p : problems) {
                s.append("    ").append(p).append('\n');
            }
        } else {
            s.append("  answers      every request got exactly one answer with its id\n");
        }
        return s.toString();
    }

    String json() {
        StringBuilder j = new StringBuilder("{\n");
        field(j, "label", options.label);
        field(j, "target", options.target.toString());
        field(j, "mode", options.mode.name().toLowerCase(java.util.Locale.ROOT));
        j.append("  \"connections\": ").append(options.connections).append(",\n");
        j.append("  \"pipeline\": ").append(options.pipeline).append(",\n");
        j.append("  \"rate\": ").append(options.rate).append(",\n");
        field(j, "tool", options.toolSpec);
        j.append("  \"payloadBytes\": ").append(options.payloadBytes).append(",\n");
        j.append("  \"raw\": ").append(options.raw).append(",\n");
        j.append("  \"warmupSeconds\": ").append(options.warmupNanos / 1e9).append(",\n");
        j.append("  \"durationSeconds\": ").append(windowNanos / 1e9).append(",\n");
        j.append("  \"generatorThreads\": ").append(options.threads).append(",\n");
        field(j, "jdk", SystemFacts.jdk());
        field(j, "loadAverageBefore", loadBefore);
        field(j, "loadAverageAfter", loadAfter);
        j.append("  \"sent\": ").append(sent).append(",\n");
        j.append("  \"answers\": ").append(answers).append(",\n");
        j.append(String.format("  \"throughput\": %.1f,%n", throughput()));
        j.append(String.format("  \"goodput\": %.1f,%n", goodput()));
        j.append(String.format("  \"rejectedLatencyMillis\": {\"p50\": %.4f, \"p99\": %.4f, \"max\": %.4f, \"count\": %d},%n",
                rejectedMillisAt(50), rejectedMillisAt(99), rejectedMillisAt(100), rejectedLatency.getTotalCount()));
        j.append("  \"latencyMillis\": {");
        for (double p : PERCENTILES) {
            j.append(String.format("\"p%s\": %.4f, ", trim(p), millisAt(p)));
        }
        j.append(String.format("\"max\": %.4f, \"count\": %d},%n", maxMillis(), latency.getTotalCount()));
        j.append("  \"errors\": {");
        boolean first = true;
        for (Map.Entry<String, Long> e : errors.entrySet()) {
            j.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(e.getValue());
            first = false;
        }
        j.append("},\n");
        j.append("  \"lost\": ").append(lost).append(",\n");
        j.append("  \"duplicated\": ").append(duplicated).append(",\n");
        j.append("  \"mismatched\": ").append(mismatched).append(",\n");
        j.append("  \"ok\": ").append(!failed()).append('\n');
        return j.append("}\n").toString().replace("NaN", "null");
    }

    /** The HdrHistogram percentile distribution, values in milliseconds. */
    String hgrm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            latency.outputPercentileDistribution(out, 5, 1e6);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes summary.txt, latency.hgrm, result.json and latency.png into the run's directory. */
    Path writeFiles() throws IOException {
        Path dir = options.outDir;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.txt"), summary() + "\nlive:\n" + String.join("\n", liveLines) + "\n");
        Files.writeString(dir.resolve("latency.hgrm"), hgrm());
        Files.writeString(dir.resolve("result.json"), json());
        LatencyPlot.write(dir.resolve("latency.png"), options.label + ": " + options.target + ", "
                + (options.mode == LoadOptions.Mode.MAX ? "closed loop" : String.format("%,.0f msg/s open loop", options.rate)),
                List.of(new LatencyPlot.Series(options.label, latency)));
        return dir;
    }

    private static void field(StringBuilder j, String name, String value) {
        j.append("  \"").append(name).append("\": \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
    }

    static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
