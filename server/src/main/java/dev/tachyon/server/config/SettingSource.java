package dev.tachyon.server.config;

import java.util.Objects;

/**
 * Where an effective setting came from, as {@code tachyon config print} shows it.
 *
 * <p>Descriptions are meant for people: {@code default}, {@code /etc/tachyon/tachyon.conf:12},
 * {@code environment TACHYON_TCP_PORT}, {@code system property tachyon.tcp.port},
 * {@code command line --tcp}.
 *
 * @param kind        which layer of the configuration supplied the value
 * @param description the layer and, where known, the exact place (file and line, variable name)
 */
public record SettingSource(Kind kind, String description) {

    /** The layers of the configuration, in increasing precedence. */
    public enum Kind {
        /** The built-in {@code reference.conf}. */
        DEFAULT,
        /** The file given with {@code --config}, or a file it includes. */
        FILE,
        /** A {@code TACHYON_*} environment variable. */
        ENVIRONMENT,
        /** A {@code -Dtachyon.*} system property. */
        SYSTEM_PROPERTY,
        /** A flag of the command that started the server, such as {@code serve --tcp}. */
        COMMAND_LINE
    }

    private static final SettingSource DEFAULT = new SettingSource(Kind.DEFAULT, "default");

    /** Checks that both parts are present. */
    public SettingSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** The built-in default. */
    public static SettingSource defaultValue() {
        return DEFAULT;
    }

    /** A place in a configuration file, usually {@code path:line}. */
    public static SettingSource file(String location) {
        return new SettingSource(Kind.FILE, location);
    }

    /** An environment variable, named as it is in the environment. */
    public static SettingSource environment(String variable) {
        return new SettingSource(Kind.ENVIRONMENT, "environment " + variable);
    }

    /** A system property, named without the {@code -D}. */
    public static SettingSource systemProperty(String property) {
        return new SettingSource(Kind.SYSTEM_PROPERTY, "system property " + property);
    }

    /** A command-line flag; {@code detail} names the flag and, if useful, why it set this key. */
    public static SettingSource commandLine(String detail) {
        return new SettingSource(Kind.COMMAND_LINE, "command line " + detail);
    }

    @Override
    public String toString() {
        return description;
    }
}
