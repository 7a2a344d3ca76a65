package dev.tachyon.server.cli;

import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.ConfigProblem;
import dev.tachyon.server.config.TlsConfig;
import dev.tachyon.server.connection.TlsFiles;
import dev.tachyon.server.connection.TlsProvider;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.config.Setting;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.config.TachyonConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** {@code tachyon config check FILE} and {@code tachyon config print [--config FILE]}. */
final class ConfigCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Properties properties;

    ConfigCommand(PrintStream out, PrintStream err, Map<String, String> environment, Properties properties) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.properties = properties;
    }

    /** Runs the subcommand named first in {@code args}. */
    int run(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw UsageException.unknown("config needs a subcommand: check or print");
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "check":
                return check(rest);
            case "print":
                return print(rest);
            default:
                throw UsageException.unknown("unknown config subcommand: " + args.get(0));
        }
    }

    private int check(List<String> args) throws UsageException {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            throw UsageException.unknown("config check takes exactly one argument, the file to check");
        }
        TachyonConfig config = load(Path.of(args.get(0)));
        if (config == null) {
            return ExitCode.FAILED;
        }
        List<ConfigProblem> tls = tlsProblems(config);
        if (!tls.isEmpty()) {
            Cli.printProblems(err, new TachyonConfigException(tls));
            return ExitCode.FAILED;
        }
        if (config.tls().configured()) {
            out.println("TLS provider: " + TlsProvider.describe(provider(config)));
        }
        out.println("OK");
        return ExitCode.OK;
    }

    private static TlsSettings.Provider provider(TachyonConfig config) {
        return TlsSettings.Provider.valueOf(config.tls().provider().toUpperCase(Locale.ROOT));
    }

    private int print(List<String> args) throws UsageException {
        Path file = null;
        CommandLine arguments = new CommandLine(args);
        while (arguments.hasNext()) {
            String arg = arguments.next();
            if (!CommandLine.flagOf(arg).equals("--config")) {
                throw UsageException.unknown("unknown " + (arg.startsWith("-") ? "flag" : "argument")
                        + " for config print: " + arg);
            }
            if (file != null) {
                throw UsageException.invalid("--config is given more than once");
            }
            file = Path.of(arguments.valueOf(arg));
        }
        TachyonConfig config = load(file);
        if (config == null) {
            return ExitCode.FAILED;
        }
        for (Setting setting : config.settings()) {
            out.println(setting);
        }
        return ExitCode.OK;
    }

    /**
     * What is wrong with the files {@code tachyon.tls} names (missing, unreadable, not PEM, a
     * key that does not belong to the certificate), each against its key and where it was set.
     */
    private static List<ConfigProblem> tlsProblems(TachyonConfig config) {
        TlsConfig tls = config.tls();
        if (!tls.configured()) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (TlsFiles.Problem problem : TlsFiles.check(Path.of(tls.certChain()), Path.of(tls.privateKey()),
                tls.clientCa().isEmpty() ? null : Path.of(tls.clientCa()))) {
            String key = "tachyon.tls." + problem.role().name().toLowerCase(Locale.ROOT).replace('_', '-');
            String location = config.setting(key).map(s -> s.source().description()).orElse(key);
            problems.add(ConfigProblem.of(key, location, problem.message()));
        }
        try {
            TlsProvider.resolve(provider(config));
        } catch (IllegalStateException unavailable) {
            String key = "tachyon.tls.provider";
            problems.add(ConfigProblem.of(key, config.setting(key).map(s -> s.source().description()).orElse(key),
                    unavailable.getMessage()));
        }
        return problems;
    }

    /** The configuration, or null after printing its problems. */
    private TachyonConfig load(Path file) {
        try {
            TachyonConfig config = ConfigLoader.load(file, environment, properties);
            Cli.warnIgnored(err, environment);
            return config;
        } catch (TachyonConfigException e) {
            Cli.printProblems(err, e);
            return null;
        }
    }
}
