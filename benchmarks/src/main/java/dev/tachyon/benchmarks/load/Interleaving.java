package dev.tachyon.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of {@code compare --interleave}'s windows. On a shared two-core VM a server's
 * answers/s moves by 20-40% between two runs a minute apart (the same ceiling: 916k then 1,225k
 * answers/s in back-to-back 10 s windows, RESULTS.md), so a ratio of two runs several minutes
 * apart, as {@code --rounds} takes them, mostly measures when each ran. Interleaving keeps every
 * server up and warm and takes the runs in turn, so the two sides of a ratio are neighbours in
 * time; the order is reversed every other cycle, so a steady drift favours neither side.
 *
 * <pre>
 *   cycle 1: tachyon tcp, ceiling tcp, tachyon http, http-ceiling http, quarkus http
 *   cycle 2: quarkus http, http-ceiling http, tachyon http, ceiling tcp, tachyon tcp
 *   cycle 3: as cycle 1 ...
 * </pre>
 */
final class Interleaving {

    /** One measured load: which server, over which transport, with the generator's arguments. */
    record Lane(String target, String transport, ServerProcess server, List<String> loadArgs) {
    }

    private Interleaving() {
    }

    /** The lanes in the order cycle {@code cycle} (1-based) runs them: as given in odd cycles, reversed in even ones. */
    static List<Lane> order(List<Lane> lanes, int cycle) {
        List<Lane> ordered = new ArrayList<>(lanes);
        if (cycle % 2 == 0) {
            Collections.reverse(ordered);
        }
        return ordered;
    }
}
