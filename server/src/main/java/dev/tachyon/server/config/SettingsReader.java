package dev.tachyon.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads typed values out of a resolved configuration, collecting a problem for every value
 * that is missing, of the wrong type or out of range instead of stopping at the first.
 *
 * <p>Each read returns a placeholder (false, 0, empty) when the value is bad; the caller builds
 * its records regardless and throws them away when {@link #problems()} is not empty. Every
 * good value is also recorded as a {@link Setting} in canonical form, with its source.
 *
 * <p>Not thread-safe; one reader serves one load.
 */
final class SettingsReader implements TypedSettings {

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    private final Config config;
    private final Collection<String> knownKeys;
    private final Function<String, SettingSource> sources;
    private final List<ConfigProblem> problems;
    private final Map<String, Setting> settings = new TreeMap<>();
    private final Set<String> keysRead = new TreeSet<>();
    private final Set<String> brokenObjects = new HashSet<>();

    /**
     * @param config    the fully resolved configuration
     * @param knownKeys every valid key, to explain a broken object by its expected members
     * @param sources   where the effective value of a key came from
     * @param problems  where problems are added; shared with the caller
     */
    SettingsReader(Config config, Collection<String> knownKeys, Function<String, SettingSource> sources,
                   List<ConfigProblem> problems) {
        this.config = config;
        this.knownKeys = knownKeys;
        this.sources = sources;
        this.problems = problems;
    }

    /** A boolean: {@code true}/{@code false}, or the strings HOCON accepts for them ({@code yes}, {@code off}, ...). */
    @Override
    public boolean bool(String key) {
        ConfigValue value = value(key);
        if (value == null) {
            return false;
        }
        try {
            boolean b = config.getBoolean(key);
            record(key, Boolean.toString(b));
            return b;
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            bad(key, value, "true or false");
            return false;
        }
    }

    /** A string that {@code valid} accepts; {@code expected} says what that is, for the problem. */
    @Override
    public String text(String key, Predicate<String> valid, String expected) {
        ConfigValue value = value(key);
        if (value == null) {
            return "";
        }
        try {
            String s = config.getString(key);
            if (valid.test(s)) {
                record(key, ConfigValueFactory.fromAnyRef(s).render(CONCISE));
                return s;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            // reported below, with the same wording as an invalid string
        }
        bad(key, value, expected);
        return "";
    }

    /**
     * A secret string: empty, or at least {@code minLength} characters. Never shown: printed
     * settings say {@code "<redacted>"} and a problem gives only the length.
     */
    @Override
    public String secret(String key, int minLength) {
        ConfigValue value = value(key);
        if (value == null) {
            return "";
        }
        String s = value.valueType() == ConfigValueType.STRING ? config.getString(key) : null;
        if (s != null && (s.isEmpty() || s.length() >= minLength)) {
            record(key, s.isEmpty() ? "\"\"" : "\"<redacted>\"");
            return s;
        }
        problems.add(ConfigProblem.of(key, sources.apply(key).description(), "expected an empty string or a secret of at"
                + " least " + minLength + " characters, got " + (s == null ? "a " + value.valueType().name().toLowerCase(
                java.util.Locale.ROOT) : s.length() + " characters")));
        return "";
    }

    /** A whole number in {@code min..max}. */
    @Override
    public int integer(String key, int min, int max) {
        ConfigValue value = value(key);
        if (value == null) {
            return 0;
        }
        try {
            Number n = config.getNumber(key);
            double d = n.doubleValue();
            // Doubles are accepted only when whole, so "1e3" works but "1.5" is not silently truncated.
            if (d == Math.rint(d) && d >= min && d <= max) {
                int i = (int) d;
                record(key, Integer.toString(i));
                return i;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            // reported below
        }
        bad(key, value, "a whole number " + (max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max));
        return 0;
    }

    /** A number (decimals allowed) in {@code min..max}. */
    @Override
    public double decimal(String key, double min, double max) {
        ConfigValue value = value(key);
        if (value == null) {
            return 0;
        }
        try {
            double d = config.getNumber(key).doubleValue();
            if (d >= min && d <= max) {
                record(key, d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
                return d;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            // reported below
        }
        bad(key, value, "a number from " + (min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min))
                + " to " + (long) max);
        return 0;
    }

    /**
     * A HOCON size ({@code 4 MiB}, {@code 512k}, a plain number of bytes) of at least {@code min}
     * bytes and below 2 GiB, because the result sizes one Netty buffer, whose capacity is an int.
     */
    @Override
    public int bytes(String key, int min) {
        ConfigValue value = value(key);
        if (value == null) {
            return 0;
        }
        try {
            long b = config.getBytes(key);
            if (b >= min && b <= Integer.MAX_VALUE) {
                record(key, size(b));
                return (int) b;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            // reported below
        }
        bad(key, value, "a size such as 4 MiB, at least " + size(min) + " and below 2 GiB");
        return 0;
    }

    /** A HOCON duration ({@code 30s}, {@code 500ms}; a plain number is milliseconds) of at least {@code min}. */
    @Override
    public Duration duration(String key, Duration min) {
        ConfigValue value = value(key);
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = config.getDuration(key);
            if (d.compareTo(min) >= 0) {
                record(key, duration(d));
                return d;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            // reported below
        }
        String least = min.isZero() ? "zero or more" : "at least " + duration(min);
        bad(key, value, "a duration such as 30s or 500ms, " + least);
        return Duration.ZERO;
    }

    /** Adds a problem about a combination of values, located where {@code key}'s value came from. */
    @Override
    public void conflict(String key, String message) {
        problems.add(ConfigProblem.of(key, sources.apply(key).description(), message));
    }

    /** Every setting read without a problem, sorted by key. */
    @Override
    public List<Setting> settings() {
        return new ArrayList<>(settings.values());
    }

    /** Every key a read was attempted for, whether or not it was good. */
    @Override
    public Set<String> keysRead() {
        return keysRead;
    }

    /** The shared problem list. */
    @Override
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * The value at {@code key}, or null after recording a problem when there is none: the key
     * was set to null, or something above it was replaced by a non-object.
     */
    private ConfigValue value(String key) {
        keysRead.add(key);
        List<String> elements = ConfigUtil.splitPath(key);
        ConfigValue current = config.root();
        for (int i = 0; i < elements.size(); i++) {
            if (!(current instanceof ConfigObject)) {
                brokenObject(ConfigUtil.joinPath(elements.subList(0, i)), current);
                return null;
            }
            ConfigValue member = ((ConfigObject) current).get(elements.get(i));
            if (member == null) {
                // Objects merge with the defaults, so a member can only go missing by a defect in them.
                throw new IllegalStateException(key + " is missing from the built-in defaults");
            }
            current = member;
        }
        if (current.valueType() == ConfigValueType.NULL) {
            problems.add(ConfigProblem.of(key, Origins.location(current.origin()),
                    "expected a value, got null"));
            return null;
        }
        return current;
    }

    private void brokenObject(String path, ConfigValue found) {
        // One problem per broken object, not one for every key beneath it.
        if (brokenObjects.add(path)) {
            problems.add(ConfigProblem.of(path, Origins.location(found.origin()),
                    "expected an object with keys " + membersOf(path) + ", got " + render(found)));
        }
    }

    private String membersOf(String object) {
        Set<String> members = new TreeSet<>();
        for (String known : knownKeys) {
            if (known.startsWith(object + ".")) {
                members.add(ConfigUtil.splitPath(known.substring(object.length() + 1)).get(0));
            }
        }
        return String.join(", ", members);
    }

    private void record(String key, String canonical) {
        settings.put(key, new Setting(key, canonical, sources.apply(key)));
    }

    private void bad(String key, ConfigValue value, String expected) {
        problems.add(ConfigProblem.of(key, sources.apply(key).description(),
                "expected " + expected + ", got " + render(value)));
    }

    private static String render(ConfigValue value) {
        return value.valueType() == ConfigValueType.NULL ? "null" : value.render(CONCISE);
    }

    /** {@code bytes} in the largest binary unit that holds it exactly: 4194304 is {@code 4 MiB}. */
    static String size(long bytes) {
        return CanonicalForms.size(bytes);
    }

    /** {@code d} in the largest unit that holds it exactly: 30 seconds is {@code 30s}. */
    static String duration(Duration d) {
        return CanonicalForms.duration(d);
    }
}
