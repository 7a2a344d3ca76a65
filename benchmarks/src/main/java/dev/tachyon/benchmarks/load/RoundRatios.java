package dev.tachyon.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Throughput ratios taken within one round, one column per round of {@code compare --rounds N}
 * or {@code curves --rounds N}, and their median: for {@code compare} the three ratios issue 15
 * sets targets for and the same three of answers per server CPU-second ({@link #COMPARE}), for
 * {@code curves} Tachyon over the ceiling at each point of a closed-loop sweep.
 *
 * <p>Why rounds: on a shared two-core machine a reference server's throughput can move by
 * 20-40% between two runs minutes apart while Tachyon's holds. A ratio is only as good as the
 * closeness in time of its two runs, so each round runs Tachyon and its references back to
 * back, each ratio is taken within one round, and the median of the rounds is what a target is
 * held against.
 */
final class RoundRatios {

    /**
     * The figure of one run ({@code key}: compare's transport, with {@link #PER_SERVER_CPU} for
     * answers per server CPU-second; curves' point), or NaN when that run is missing or failed.
     */
    interface Throughput {
        double of(String target, String key, int round);
    }

    /** {@code target}'s run at {@code key} over {@code reference}'s run at {@code referenceKey}, both of the same round. */
    record Ratio(String name, String target, String key, String reference, String referenceKey) {
    }

    /**
     * A run's label with its round when there are several ({@code LABEL-rN}), so that every
     * round keeps its own files.
     */
    static String label(String label, int round, int rounds) {
        return rounds > 1 ? label + "-r" + round : label;
    }

    /** The title of a table of ratios taken within each round. */
    static final String PER_ROUND = "Ratios per round (each within one round) and their median:";

    /** The suffix of a compare key whose figure is answers per server CPU-second instead of answers/s. */
    static final String PER_SERVER_CPU = " per server CPU-s";

    static final List<Ratio> COMPARE = List.of(
            new Ratio("TCP: Tachyon / newline-echo ceiling", "tachyon", "tcp", "ceiling", "tcp"),
            new Ratio("HTTP: Tachyon / HTTP ceiling", "tachyon", "http", "http-ceiling", "http"),
            new Ratio("HTTP: Tachyon / Quarkus MCP", "tachyon", "http", "quarkus", "http"),
            new Ratio("TCP per server CPU-s: Tachyon / newline-echo ceiling", "tachyon", "tcp" + PER_SERVER_CPU, "ceiling",
                    "tcp" + PER_SERVER_CPU),
            new Ratio("HTTP per server CPU-s: Tachyon / HTTP ceiling", "tachyon", "http" + PER_SERVER_CPU, "http-ceiling",
                    "http" + PER_SERVER_CPU),
            new Ratio("HTTP per server CPU-s: Tachyon / Quarkus MCP", "tachyon", "http" + PER_SERVER_CPU, "quarkus",
                    "http" + PER_SERVER_CPU));

    private RoundRatios() {
    }

    /**
     * A Markdown table under {@code title}: one row per ratio, one column per round, then the
     * median; ratios with no data are left out, and with none at all there is no table.
     */
    static String markdown(String title, int rounds, List<Ratio> ratios, Throughput throughput) {
        return markdown(title, "round", rounds, ratios, throughput);
    }

    /** As above, the columns named {@code column} and a number ({@code "cycle 3"}). */
    static String markdown(String title, String column, int rounds, List<Ratio> ratios, Throughput throughput) {
        StringBuilder m = new StringBuilder(title).append("\n\n| ratio |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int r = 1; r <= rounds; r++) {
            m.append(' ').append(column).append(' ').append(r).append(" |");
            rule.append("---:|");
        }
        m.append(" median |\n").append(rule).append("---:|\n");
        boolean any = false;
        for (Ratio ratio : ratios) {
            List<Double> values = new ArrayList<>();
            StringBuilder row = new StringBuilder("| ").append(ratio.name()).append(" |");
            for (int r = 1; r <= rounds; r++) {
                double v = throughput.of(ratio.target(), ratio.key(), r) / throughput.of(ratio.reference(), ratio.referenceKey(), r);
                if (Double.isFinite(v) && v > 0) {
                    values.add(v);
                    row.append(String.format(" %.2f |", v));
                } else {
                    row.append(" - |");
                }
            }
            if (!values.isEmpty()) {
                any = true;
                m.append(row).append(String.format(" **%.2f** |%n", median(values)));
            }
        }
        return any ? m.append('\n').toString() : "";
    }

    /** The median; of an even count, the mean of the middle two. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
