package dev.tachyon.server.cli;

import dev.tachyon.server.observability.logging.Logs;
import dev.tachyon.server.observability.logging.TachyonLogbackProvider;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code tachyon} command: {@code serve}, {@code config check|print}, {@code version},
 * {@code --help}. {@code bin/tachyon} runs it; see {@link Usage} for the syntax.
 */
public final class Main {

    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
    private static final String LOGBACK_PROVIDER = TachyonLogbackProvider.class.getName();

    private Main() {
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        // SLF4J would look for its providers over every jar of the class path, and logback for its
        // configuration: the distribution ships logback, set up by TachyonLogbackProvider (an
        // embedder who runs this main with another backend may set the property).
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, LOGBACK_PROVIDER);
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN"); // else SLF4J says on stderr that it read the property
            }
        }
        // Logging and then (for serve) Netty initialize on a second thread while this one loads the
        // configuration (cold start); ServeCommand waits for both before it touches either.
        boolean serve = args.length > 0 && "serve".equals(args[0]);
        boolean network = !serve || !stdioOnly(args);
        Logs.initializeInBackground(serve ? () -> NettyWarmup.warm(network) : () -> { });
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Whether {@code serve}'s arguments name stdio and no network listener: the flags then
     * replace the file's transports (ServeOptions), so the server is stdio alone and its loop NIO.
     * Only a hint for the warm-up: a wrong guess costs time, never correctness.
     */
    private static boolean stdioOnly(String[] args) {
        boolean stdio = false;
        for (String arg : args) {
            if (arg.startsWith("--tcp") || arg.startsWith("--http") || arg.startsWith("--admin")) {
                return false;
            }
            stdio |= "--stdio".equals(arg);
        }
        return stdio;
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
