package dev.tachyon.benchmarks.load;

import java.io.PrintStream;

/** {@code tachyon-bench compare}: the side-by-side table (not written yet). */
final class CompareCommand {

    static final String USAGE = "usage: tachyon-bench compare (not available yet)";

    private CompareCommand() {
    }

    static int run(String[] args, PrintStream out) {
        throw new IllegalArgumentException("compare: not available yet");
    }
}
