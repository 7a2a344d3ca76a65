package dev.tachyon.benchmarks.load;

import java.io.PrintStream;

/** {@code tachyon-bench sessions}: memory per session (not written yet). */
final class SessionsCommand {

    private SessionsCommand() {
    }

    static int run(String[] args, PrintStream out) {
        throw new IllegalArgumentException("sessions: not available yet");
    }
}
