package dev.tachyon.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a configuration: an unknown key, a bad value, a file that does not
 * parse.
 *
 * <p>{@link #toString()} reads like a compiler diagnostic, location first, so that editors and
 * people find the line: {@code /etc/tachyon.conf:3: tachyon.tcp.prot: unknown key; did you
 * mean tachyon.tcp.port?}
 */
public final class ConfigProblem {

    private final String key;
    private final String location;
    private final String message;
    private final String suggestion;

    private ConfigProblem(String key, String location, String message, String suggestion) {
        this.key = Objects.requireNonNull(key, "key");
        this.location = Objects.requireNonNull(location, "location");
        this.message = Objects.requireNonNull(message, "message");
        this.suggestion = suggestion;
    }

    /**
     * A problem with one key.
     *
     * @param key      the key or environment variable at fault; empty when the problem is not
     *                 about one key (a file that does not parse)
     * @param location where it was found: {@code file:line}, {@code environment NAME}, ...
     * @param message  what is wrong and what is expected, without the key or location
     */
    public static ConfigProblem of(String key, String location, String message) {
        return new ConfigProblem(key, location, message, null);
    }

    /** Like {@link #of}, naming the valid key the author most likely meant. */
    public static ConfigProblem withSuggestion(String key, String location, String message, String suggestion) {
        return new ConfigProblem(key, location, message, Objects.requireNonNull(suggestion, "suggestion"));
    }

    /** The key or environment variable at fault, or empty when the problem is about no one key. */
    public String key() {
        return key;
    }

    /** Where the problem is: {@code file:line}, {@code environment NAME}, {@code system property NAME}. */
    public String location() {
        return location;
    }

    /** What is wrong and what is expected. */
    public String message() {
        return message;
    }

    /** The nearest valid key (or variable), when one is close enough to be a likely typo. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }

    /**
     * {@code location: key: message[; did you mean suggestion?]}. The key is left out when there
     * is none, or when the location already ends with it ({@code environment TACHYON_X}).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(location).append(": ");
        if (!key.isEmpty() && !location.endsWith(" " + key)) {
            text.append(key).append(": ");
        }
        text.append(message);
        if (suggestion != null) {
            text.append("; did you mean ").append(suggestion).append('?');
        }
        return text.toString();
    }
}
