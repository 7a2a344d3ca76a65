package dev.tachyon.server.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The {@code tachyon} command: {@code serve}, {@code config check|print}, {@code version},
 * {@code --help}. {@code bin/tachyon} runs it; see {@link Usage} for the syntax.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command with the process environment and system properties, writing to the
     * given streams, and returns the exit code: 0 success, 1 failure (such as an invalid
     * configuration), 2 usage error.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Cli(out, err, System.getenv(), System.getProperties(), ServeCommand::run).run(List.of(args));
    }
}
