package dev.tachyon.server.config;

import java.util.Objects;

/**
 * One effective setting: its full dotted key, its value written as HOCON, and where it came
 * from.
 *
 * <p>The value is the canonical form of what the server uses, not the text the operator wrote:
 * sizes in the largest exact binary unit ({@code 4 MiB}), durations in the largest exact unit
 * ({@code 30s}), strings quoted. Pasting {@link #toString()} lines into a file reproduces the
 * configuration.
 *
 * @param key    the full key, such as {@code tachyon.tcp.port}
 * @param value  the value as HOCON
 * @param source where the value came from
 */
public record Setting(String key, String value, SettingSource source) {

    /** Checks that every part is present. */
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /** {@code key = value  # source}, the line {@code tachyon config print} writes. */
    @Override
    public String toString() {
        return key + " = " + value + "  # " + source;
    }
}
