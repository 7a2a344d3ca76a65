package dev.tachyon.server.config;

import java.util.Objects;

/**
 * A value set by the program that loads the configuration, above every other layer: the CLI
 * turns {@code serve --tcp 0.0.0.0:9000} into overrides of {@code tachyon.tcp.*}.
 *
 * <p>The value is text and is checked like any other ({@code "true"}, {@code "9000"},
 * {@code "4 MiB"}), so an override cannot smuggle in what a file could not.
 *
 * @param key    a known key, such as {@code tachyon.tcp.port}
 * @param value  the value, as it would be written in an environment variable
 * @param source where the override came from, for {@code config print}; usually
 *               {@link SettingSource#commandLine(String)}
 */
public record ConfigOverride(String key, String value, SettingSource source) {

    /** Checks that every part is present. */
    public ConfigOverride {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
