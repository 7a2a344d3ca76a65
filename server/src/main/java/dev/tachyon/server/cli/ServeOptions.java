package dev.tachyon.server.cli;

import dev.tachyon.server.config.ConfigOverride;
import dev.tachyon.server.config.SettingSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed flags of {@code tachyon serve}.
 *
 * <p>Transport flags replace the configuration's choice rather than adding to it: when any of
 * {@code --tcp}, {@code --http}, {@code --stdio} is given, exactly the transports named start,
 * so {@code serve --stdio} never also opens the TCP port the defaults enable. Without them the
 * configuration decides. {@code --admin} is not a transport; it only turns the admin endpoint
 * on. The flags reach the server as {@linkplain #overrides() configuration overrides}, so
 * {@code config print} and the server see one configuration.
 */
public final class ServeOptions {

    /** The fixture served when none is named. */
    public static final String DEFAULT_FIXTURE = "demo";
    /** The fixtures {@code --fixture} accepts. */
    public static final Set<String> FIXTURES = Set.of("demo", "conformance");

    private static final String NOT_NAMED = "(a transport flag was given, and not this one)";

    private final HostPort tcp;
    private final HostPort http;
    private final boolean stdio;
    private final HostPort admin;
    private final String fixture;
    private final Path configFile;

    private ServeOptions(HostPort tcp, HostPort http, boolean stdio, HostPort admin, String fixture, Path configFile) {
        this.tcp = tcp;
        this.http = http;
        this.stdio = stdio;
        this.admin = admin;
        this.fixture = fixture;
        this.configFile = configFile;
    }

    /**
     * Parses the arguments that follow {@code serve}.
     *
     * @throws UsageException for an unknown flag, a repeated flag, a missing or bad value
     */
    static ServeOptions parse(List<String> args) throws UsageException {
        HostPort tcp = null;
        HostPort http = null;
        boolean stdio = false;
        HostPort admin = null;
        String fixture = null;
        Path configFile = null;
        CommandLine arguments = new CommandLine(args);
        while (arguments.hasNext()) {
            String arg = arguments.next();
            String flag = CommandLine.flagOf(arg);
            switch (flag) {
                case "--tcp":
                    tcp = once(flag, tcp, HostPort.parse(flag, arguments.valueOf(arg)));
                    break;
                case "--http":
                    http = once(flag, http, HostPort.parse(flag, arguments.valueOf(arg)));
                    break;
                case "--admin":
                    admin = once(flag, admin, HostPort.parse(flag, arguments.valueOf(arg)));
                    break;
                case "--stdio":
                    CommandLine.noValue(arg);
                    stdio = once(flag, stdio ? Boolean.TRUE : null, Boolean.TRUE);
                    break;
                case "--fixture":
                    fixture = once(flag, fixture, fixture(arguments.valueOf(arg)));
                    break;
                case "--config":
                    configFile = once(flag, configFile, Path.of(nonEmpty(flag, arguments.valueOf(arg))));
                    break;
                default:
                    throw UsageException.unknown("unknown " + (arg.startsWith("-") ? "flag" : "argument")
                            + " for serve: " + arg);
            }
        }
        return new ServeOptions(tcp, http, stdio, admin, fixture == null ? DEFAULT_FIXTURE : fixture, configFile);
    }

    private static <T> T once(String flag, T previous, T value) throws UsageException {
        if (previous != null) {
            throw UsageException.invalid(flag + " is given more than once");
        }
        return value;
    }

    private static String fixture(String name) throws UsageException {
        if (!FIXTURES.contains(name)) {
            throw UsageException.invalid("--fixture expects demo or conformance, but got '" + name + "'");
        }
        return name;
    }

    private static String nonEmpty(String flag, String value) throws UsageException {
        if (value.isEmpty()) {
            throw UsageException.invalid(flag + " needs a value");
        }
        return value;
    }

    /** The address {@code --tcp} named. */
    public Optional<HostPort> tcp() {
        return Optional.ofNullable(tcp);
    }

    /** The address {@code --http} named. */
    public Optional<HostPort> http() {
        return Optional.ofNullable(http);
    }

    /** Whether {@code --stdio} was given. */
    public boolean stdio() {
        return stdio;
    }

    /** The address {@code --admin} named. */
    public Optional<HostPort> admin() {
        return Optional.ofNullable(admin);
    }

    /** Whether any transport flag was given, so that only the transports named start. */
    public boolean transportsNamed() {
        return tcp != null || http != null || stdio;
    }

    /** The fixture to serve: {@code demo} unless {@code --fixture} said otherwise. */
    public String fixture() {
        return fixture;
    }

    /** The {@code --config} file. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** The flags as configuration overrides, each naming its flag as its source. */
    public List<ConfigOverride> overrides() {
        List<ConfigOverride> overrides = new ArrayList<>();
        if (transportsNamed()) {
            endpoint(overrides, "tcp", tcp);
            endpoint(overrides, "http", http);
            overrides.add(new ConfigOverride("tachyon.stdio.enabled", Boolean.toString(stdio),
                    SettingSource.commandLine(stdio ? "--stdio" : NOT_NAMED)));
        }
        if (admin != null) {
            endpoint(overrides, "admin", admin);
        }
        return List.copyOf(overrides);
    }

    private static void endpoint(List<ConfigOverride> overrides, String name, HostPort address) {
        String prefix = "tachyon." + name + ".";
        if (address == null) {
            overrides.add(new ConfigOverride(prefix + "enabled", "false", SettingSource.commandLine(NOT_NAMED)));
            return;
        }
        SettingSource source = SettingSource.commandLine("--" + name);
        overrides.add(new ConfigOverride(prefix + "enabled", "true", source));
        overrides.add(new ConfigOverride(prefix + "host", address.host(), source));
        overrides.add(new ConfigOverride(prefix + "port", Integer.toString(address.port()), source));
    }
}
