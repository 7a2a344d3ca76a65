package dev.tachyon.server.cli;

import dev.tachyon.server.observability.logging.Logs;
import dev.tachyon.server.observability.logging.TachyonLogbackProvider;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code tachyon} command: {@code serve}, {@code config check|print}, {@code version},
 * {@code --help}. {@code bin/tachyon} runs it; see {@link Usage} for the syntax.
 */
public final class Main {

    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
    private static final String LOGBACK_PROVIDER = TachyonLogbackProvider.class.getName();
    private static final String NETTY_MACHINE_ID = "io.netty.machineId";
    private static final String NETTY_OS_CLASSIFIERS = "io.netty.osClassifiers";

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
        if (!network && System.getProperty(NETTY_MACHINE_ID) == null) {
            // Netty names every channel with the machine's MAC address, which it finds by walking
            // the network interfaces (NetUtil) on the thread that makes the first channel: a
            // stdio server's channels are in-process and their ids never leave it, so any
            // 8 bytes do.
            System.setProperty(NETTY_MACHINE_ID, randomMachineId());
        }
        if (!network && System.getProperty(NETTY_OS_CLASSIFIERS) == null) {
            // Netty's first use reads /etc/os-release for the distribution's names, which only pick
            // the file name of a native library (netty-tcnative's): a stdio server loads none, and
            // the read is on the warm-up thread, which the start waits for. Empty: no classifiers.
            System.setProperty(NETTY_OS_CLASSIFIERS, "");
        }
        Logs.initializeInBackground(serve ? () -> NettyWarmup.warm(network) : () -> { });
        System.exit(run(args, System.out, System.err));
    }

    /** Random 8 bytes in the form Netty's {@code io.netty.machineId} takes (EUI-64, hex pairs). */
    static String randomMachineId() {
        StringBuilder id = new StringBuilder(23);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                id.append(':');
            }
            String pair = Integer.toHexString(random.nextInt(256));
            id.append(pair.length() == 1 ? "0" : "").append(pair);
        }
        return id.toString();
    }

    /**
     * Whether {@code serve}'s arguments name stdio and no network listener: the flags then
     * replace the file's transports (ServeOptions), so the server is stdio alone and binds no socket.
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
