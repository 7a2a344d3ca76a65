package dev.tachyon.server.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
 *
 * <p>Not every {@code TACHYON_*} variable is meant for Tachyon. Kubernetes gives every pod the
 * service links of each Service in its namespace, and for a Service named {@code tachyon} those
 * are {@code TACHYON_SERVICE_HOST}, {@code TACHYON_PORT=tcp://10.0.0.1:7800},
 * {@code TACHYON_PORT_7800_TCP_ADDR} and so on; users keep a {@code TACHYON_HOME}. A variable
 * that names no key is therefore an error only when it is a {@linkplain #nearMiss near miss}
 * of one (a typo that would otherwise be ignored in silence); the others are
 * {@linkplain #isForeign foreign} and ignored.
 */
final class EnvironmentNames {

    /** Every variable starting with this may be Tachyon's: it names a known key, or is checked for a near miss. */
    static final String PREFIX = "TACHYON_";
    /**
     * The shapes of Kubernetes service-link variables for a Service whose name starts with
     * {@code tachyon} ({@code <NAME>_SERVICE_HOST}, {@code <NAME>_SERVICE_PORT[_<PORT NAME>]},
     * {@code <NAME>_PORT}, {@code <NAME>_PORT_<n>_<PROTOCOL>[_PROTO|_PORT|_ADDR]}).
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "TACHYON(_[A-Z0-9_]+?)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");
    /**
     * How many edits away from a variable of a key an unknown variable is still taken for a typo
     * of it: a dropped, doubled, swapped or wrong letter or two ({@code TACHYON_TCP_PROT},
     * {@code TACHYON_HTTP_PAHT}). Farther, it is some other program's variable.
     */
    private static final int NEAR_MISS_EDITS = 3;

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

    /**
     * The variable of a key that {@code variable} (which names none) is most likely a typo of,
     * or empty when it resembles none or has a Kubernetes service-link shape.
     */
    Optional<String> nearMiss(String variable) {
        if (SERVICE_LINK.matcher(variable).matches()) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keysByVariable.keySet()) {
            int d = NearestKey.distance(variable, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= NEAR_MISS_EDITS ? Optional.of(best) : Optional.empty();
    }

    /**
     * Whether {@code variable} starts with {@link #PREFIX} yet is none of Tachyon's: it names no
     * key and is no {@linkplain #nearMiss near miss} of one. Such a variable is ignored.
     */
    boolean isForeign(String variable) {
        return variable.startsWith(PREFIX) && keyFor(variable) == null && nearMiss(variable).isEmpty();
    }

    /** Every known variable, sorted. */
    Collection<String> variables() {
        return keysByVariable.keySet();
    }
}
