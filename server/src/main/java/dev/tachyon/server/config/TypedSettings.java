package dev.tachyon.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The typed reads {@link TachyonConfig} makes of a configuration: each returns a placeholder
 * (false, 0, empty) after adding a problem when the value is bad, and records every good value
 * as a {@link Setting} in canonical form with its source. Two readers serve it: {@link
 * SettingsReader} over the layered HOCON configuration, and {@link BuiltInDefaults}'s over the
 * defaults in their build-time form (cold start, when nothing but simple overrides is given).
 */
interface TypedSettings {

    boolean bool(String key);

    String text(String key, Predicate<String> valid, String expected);

    String secret(String key, int minLength);

    int integer(String key, int min, int max);

    double decimal(String key, double min, double max);

    int bytes(String key, int min);

    Duration duration(String key, Duration min);

    /** Adds a problem about a combination of values, located where {@code key}'s value came from. */
    void conflict(String key, String message);

    /** Every setting read without a problem, sorted by key. */
    List<Setting> settings();

    /** Every key a read was attempted for, whether or not it was good. */
    Set<String> keysRead();

    /** The problems found so far. */
    List<ConfigProblem> problems();
}
