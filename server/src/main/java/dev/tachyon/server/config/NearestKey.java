package dev.tachyon.server.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the valid key an unknown one was most likely meant to be.
 *
 * <p>Distance is the optimal-string-alignment edit distance over the whole dotted key
 * (insertions, deletions, substitutions, and swaps of two neighbouring characters, each costing
 * one), because the usual typos are a dropped, doubled or swapped letter:
 * {@code tachyon.tcp.prot} is one edit from {@code tachyon.tcp.port}. Ties go to the candidate
 * first in iteration order, so callers pass a sorted collection for stable messages.
 */
final class NearestKey {

    private NearestKey() {
    }

    /**
     * The candidate nearest to {@code unknown}, if it is within half the length of
     * {@code unknown}; beyond that a "did you mean" would be a guess, not a help.
     */
    static Optional<String> among(String unknown, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(unknown, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(1, unknown.length() / 2) ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance (restricted Damerau-Levenshtein). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
