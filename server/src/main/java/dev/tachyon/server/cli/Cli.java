package dev.tachyon.server.cli;

import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.ConfigProblem;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.config.TachyonConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToIntBiFunction;

/**
 * The {@code tachyon} command, with everything it touches passed in: output streams, the
 * environment, system properties, and what {@code serve} runs. {@link Main} wires the real ones;
 * tests pass their own and never exit the JVM.
 *
 * <p>{@code serve} writes nothing to {@code out}: with {@code --stdio}, standard output is the
 * protocol stream. Problems and usage go to {@code err}.
 */
final class Cli {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Properties properties;
    private final ToIntBiFunction<TachyonConfig, String> serve;

    /**
     * @param serve runs the server with a loaded configuration and a fixture name, returning the
     *              exit code; {@link ServeCommand#run} in production
     */
    Cli(PrintStream out, PrintStream err, Map<String, String> environment, Properties properties,
        ToIntBiFunction<TachyonConfig, String> serve) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.properties = properties;
        this.serve = serve;
    }

    /** Runs one command line and returns its exit code. */
    int run(List<String> args) {
        try {
            return dispatch(args);
        } catch (UsageException e) {
            err.println("tachyon: " + e.getMessage());
            if (e.showUsage()) {
                err.println();
                err.print(Usage.TEXT);
            } else {
                err.println("Run 'tachyon --help' for usage.");
            }
            return ExitCode.USAGE;
        }
    }

    private int dispatch(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw UsageException.unknown("missing command");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        // "help" is a command, but inside a command only the flags ask for help: "help" may be a file name.
        if (command.equals("help") || isHelpFlag(command) || rest.stream().anyMatch(Cli::isHelpFlag)) {
            out.print(Usage.TEXT);
            return ExitCode.OK;
        }
        switch (command) {
            case "serve":
                return serve(rest);
            case "config":
                return new ConfigCommand(out, err, environment, properties).run(rest);
            case "version":
            case "--version":
                if (!rest.isEmpty()) {
                    throw UsageException.unknown("version takes no arguments");
                }
                out.println("tachyon " + ConfigLoader.defaults().server().version()
                        + " (Java " + Runtime.version() + ")");
                return ExitCode.OK;
            default:
                throw UsageException.unknown("unknown " + (command.startsWith("-") ? "flag" : "command") + ": " + command);
        }
    }

    private int serve(List<String> args) throws UsageException {
        ServeOptions options = ServeOptions.parse(args);
        TachyonConfig config;
        try {
            config = ConfigLoader.load(options.configFile().orElse(null), environment, properties, options.overrides());
        } catch (TachyonConfigException e) {
            printProblems(err, e);
            return ExitCode.FAILED;
        }
        warnIgnored(err, environment);
        return serve.applyAsInt(config, options.fixture());
    }

    private static boolean isHelpFlag(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /**
     * One line naming the {@code TACHYON_*} variables that set nothing (Kubernetes service links
     * of a Service named {@code tachyon}, a {@code TACHYON_HOME}), so that a misspelt key too far
     * from any real one to be refused is still seen; nothing when there are none.
     */
    static void warnIgnored(PrintStream err, Map<String, String> environment) {
        List<String> ignored = ConfigLoader.ignoredVariables(environment);
        if (!ignored.isEmpty()) {
            err.println("tachyon: warning: ignoring environment variables that name no configuration key: "
                    + String.join(", ", ignored));
        }
    }

    /** Every problem on its own line, then a one-line summary. */
    static void printProblems(PrintStream err, TachyonConfigException e) {
        for (ConfigProblem problem : e.problems()) {
            err.println(problem);
        }
        int n = e.problems().size();
        err.println("tachyon: invalid configuration (" + n + (n == 1 ? " problem)" : " problems)"));
    }
}
