package dev.tachyon.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The three throughput ratios issue 15 sets targets for, one per round of {@code compare
 * --rounds N}, and their median.
 *
 * <p>Why rounds: on a shared two-core machine a reference server's throughput can move by
 * 20-40% between two runs minutes apart while Tachyon's holds. A ratio is only as good as the
 * closeness in time of its two runs, so each round runs Tachyon and its references back to
 * back, each ratio is taken within one round, and the median of the rounds is what a target is
 * held against.
 */
final class RoundRatios {

    /** Answers/s of one max run, or NaN when that run is missing or failed. */
    interface Throughput {
        double of(String target, String transport, int round);
    }

    private record Ratio(String name, String target, String transport, String reference, String referenceTransport) {
    }

    private static final List<Ratio> RATIOS = List.of(
            new Ratio("TCP: Tachyon / newline-echo ceiling", "tachyon", "tcp", "ceiling", "tcp"),
            new Ratio("HTTP: Tachyon / HTTP ceiling", "tachyon", "http", "http-ceiling", "http"),
            new Ratio("HTTP: Tachyon / Quarkus MCP", "tachyon", "http", "quarkus", "http"));

    private RoundRatios() {
    }

    /** A Markdown table: one row per ratio, one column per round, then the median; ratios with no data are left out. */
    static String markdown(int rounds, Throughput throughput) {
        StringBuilder m = new StringBuilder("Ratios per round (each within one round) and their median:\n\n| ratio |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int r = 1; r <= rounds; r++) {
            m.append(" round ").append(r).append(" |");
            rule.append("---:|");
        }
        m.append(" median |\n").append(rule).append("---:|\n");
        for (Ratio ratio : RATIOS) {
            List<Double> values = new ArrayList<>();
            StringBuilder row = new StringBuilder("| ").append(ratio.name()).append(" |");
            for (int r = 1; r <= rounds; r++) {
                double v = throughput.of(ratio.target(), ratio.transport(), r)
                        / throughput.of(ratio.reference(), ratio.referenceTransport(), r);
                if (Double.isFinite(v) && v > 0) {
                    values.add(v);
                    row.append(String.format(" %.2f |", v));
                } else {
                    row.append(" - |");
                }
            }
            if (!values.isEmpty()) {
                m.append(row).append(String.format(" **%.2f** |%n", median(values)));
            }
        }
        return m.append('\n').toString();
    }

    /** The median; of an even count, the mean of the middle two. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
