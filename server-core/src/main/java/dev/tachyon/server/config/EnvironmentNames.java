package dev.tachyon.server.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-to-one mapping between configuration keys and {@code TACHYON_*} environment
 * variables.
 *
 * <p>A variable name is the key in upper case with every {@code .} and {@code -} turned into
 * {@code _}: {@code tachyon.limits.max-frame-bytes} is {@code TACHYON_LIMITS_MAX_FRAME_BYTES}.
 * Guessing the key back from a variable would be ambiguous ({@code _} could have been either
 * character), so the mapping is built forwards from the known keys, and construction fails if
 * two keys would share a variable: that is a defect in {@code reference.conf}, caught by every
 * test that loads a configuration.
 */
final class EnvironmentNames {

    /** Every variable starting with this is Tachyon's, and must name a known key. */
    static final String PREFIX = "TACHYON_";

    private final Map<String, String> keysByVariable;

    private EnvironmentNames(Map<String, String> keysByVariable) {
        this.keysByVariable = Collections.unmodifiableMap(keysByVariable);
    }

    /** The mapping for {@code keys}, which must all start with {@code tachyon.}. */
    static EnvironmentNames forKeys(Collection<String> keys) {
        Map<String, String> byVariable = new TreeMap<>();
        for (String key : keys) {
            String previous = byVariable.put(variableFor(key), key);
            if (previous != null) {
                throw new IllegalStateException("keys " + previous + " and " + key
                        + " both map to environment variable " + variableFor(key));
            }
        }
        return new EnvironmentNames(byVariable);
    }

    /** The environment variable for {@code key}. */
    static String variableFor(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key {@code variable} sets, or null if it names none. */
    String keyFor(String variable) {
        return keysByVariable.get(variable);
    }

    /** Every known variable, sorted. */
    Collection<String> variables() {
        return keysByVariable.keySet();
    }
}
