package dev.tachyon.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The built-in defaults in their build-time form: every key of {@code reference.conf} with its
 * canonical value ({@link Setting#value()}, as {@code config print} shows it), one
 * {@code key=value} line each in {@link BuiltInDefaultsText}, a constant compiled into this
 * package (not a resource: reading one opens the jar and parses its manifest's class path, some
 * 10-30 ms of a start that otherwise opens no jar before its first answer, every class coming
 * from the class-data archive). {@code BuiltInDefaultsTest} checks it against the parsed
 * {@code reference.conf} (and rewrites it with {@code -DbuiltinDefaults.write=true}), so the
 * two cannot drift.
 *
 * <p>Why: a stdio client starts a server per session, and parsing {@code reference.conf} with
 * Typesafe Config, merging the layers and mapping them is some 60-80 ms of a cold JVM's CPU.
 * When nothing but the command line's own simple overrides is given (no {@code --config}
 * file, no {@code TACHYON_*} variable, no {@code tachyon.*} property: {@link ConfigLoader}
 * decides), {@link #load} reads the records from this form instead. It gives up (returns
 * null) at anything it does not read exactly as the full path would: an override that is not
 * a plain {@code true}/{@code false} or a plain whole number, or of a text or secret key, any
 * bad value or conflict (the full path then reports it, in its own words), an unknown key.
 */
final class BuiltInDefaults {

    private BuiltInDefaults() {
    }

    /**
     * The configuration of the defaults with {@code overrides} above them, or null when this
     * form cannot tell it exactly and the full path must load it.
     */
    static TachyonConfig load(List<ConfigOverride> overrides) {
        Map<String, String> defaults = read();
        Map<String, ConfigOverride> byKey = new TreeMap<>();
        for (ConfigOverride override : overrides) {
            if (!defaults.containsKey(override.key())) {
                return null; // the full path says what is wrong with it
            }
            byKey.put(override.key(), override);
        }
        Reader reader = new Reader(defaults, byKey);
        try {
            TachyonConfig config = TachyonConfig.read(reader);
            return reader.problems().isEmpty() && reader.keysRead().equals(defaults.keySet()) ? config : null;
        } catch (GiveUp e) {
            return null;
        }
    }

    /** The keys and canonical values, sorted. */
    static Map<String, String> read() {
        Map<String, String> values = new TreeMap<>();
        String text = BuiltInDefaultsText.LINES;
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int eq = text.indexOf('=', start);
            if (eq > start && eq < end) {
                values.put(text.substring(start, eq), text.substring(eq + 1, end));
            }
        }
        return values;
    }

    /** Thrown by the reader at anything it cannot read exactly as {@link SettingsReader} would. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final class Reader implements TypedSettings {
        private final Map<String, String> defaults;
        private final Map<String, ConfigOverride> overrides;
        private final Map<String, Setting> settings = new TreeMap<>();
        private final Set<String> keysRead = new TreeSet<>();
        private final List<ConfigProblem> problems = new ArrayList<>();

        Reader(Map<String, String> defaults, Map<String, ConfigOverride> overrides) {
            this.defaults = defaults;
            this.overrides = overrides;
        }

        @Override
        public boolean bool(String key) {
            String value = value(key);
            if (!"true".equals(value) && !"false".equals(value)) {
                throw new GiveUp(); // HOCON also takes yes, on, off...: the full path reads those
            }
            record(key, value);
            return Boolean.parseBoolean(value);
        }

        @Override
        public String text(String key, Predicate<String> valid, String expected) {
            String s = unquote(defaultOnly(key));
            if (!valid.test(s)) {
                throw new GiveUp();
            }
            record(key, defaults.get(key));
            return s;
        }

        @Override
        public String secret(String key, int minLength) {
            if (!"\"\"".equals(defaultOnly(key))) {
                throw new GiveUp(); // a secret's canonical form hides it
            }
            record(key, "\"\"");
            return "";
        }

        @Override
        public int integer(String key, int min, int max) {
            String value = value(key);
            if (!value.matches("0|-?[1-9][0-9]{0,8}")) {
                throw new GiveUp();
            }
            int i = Integer.parseInt(value);
            if (i < min || i > max) {
                throw new GiveUp();
            }
            record(key, Integer.toString(i));
            return i;
        }

        @Override
        public double decimal(String key, double min, double max) {
            double d;
            try {
                d = Double.parseDouble(defaultOnly(key));
            } catch (NumberFormatException e) {
                throw new GiveUp();
            }
            if (!(d >= min && d <= max)) {
                throw new GiveUp();
            }
            record(key, d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
            return d;
        }

        @Override
        public int bytes(String key, int min) {
            long b = amount(defaultOnly(key), CanonicalForms.SIZE_UNITS, null);
            if (b < min || b > Integer.MAX_VALUE) {
                throw new GiveUp();
            }
            record(key, CanonicalForms.size(b));
            return (int) b;
        }

        @Override
        public Duration duration(String key, Duration min) {
            Duration d = Duration.ofNanos(
                    amount(defaultOnly(key), CanonicalForms.DURATION_UNITS, CanonicalForms.DURATION_NANOS));
            if (d.compareTo(min) < 0) {
                throw new GiveUp();
            }
            record(key, CanonicalForms.duration(d));
            return d;
        }

        @Override
        public void conflict(String key, String message) {
            throw new GiveUp(); // the full path words it, with where each value came from
        }

        @Override
        public List<Setting> settings() {
            return new ArrayList<>(settings.values());
        }

        @Override
        public Set<String> keysRead() {
            return keysRead;
        }

        @Override
        public List<ConfigProblem> problems() {
            return problems;
        }

        /** The override's value, else the default's canonical value. */
        private String value(String key) {
            keysRead.add(key);
            ConfigOverride override = overrides.get(key);
            String value = override == null ? defaults.get(key) : override.value();
            if (value == null) {
                throw new GiveUp();
            }
            return value;
        }

        /** The default's canonical value; an override of such a key is left to the full path. */
        private String defaultOnly(String key) {
            if (overrides.containsKey(key)) {
                keysRead.add(key);
                throw new GiveUp();
            }
            return value(key);
        }

        private void record(String key, String canonical) {
            ConfigOverride override = overrides.get(key);
            settings.put(key, new Setting(key, canonical, override == null ? SettingSource.defaultValue() : override.source()));
        }
    }

    /**
     * {@code "n unit"} (sizes: {@code 4 MiB}, powers of 1024) or {@code "nunit"} (durations:
     * {@code 30s}, {@code nanos} per unit), as {@link SettingsReader} writes them.
     */
    private static long amount(String canonical, String[] units, long[] nanos) {
        String text = canonical.replace(" ", "");
        // From the last unit back, so "ms", "us" and "ns" are tried before "s", "MiB" before "B".
        for (int unit = units.length - 1; unit >= 0; unit--) {
            if (text.endsWith(units[unit]) && text.length() > units[unit].length()) {
                String number = text.substring(0, text.length() - units[unit].length());
                if (!number.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    long n = Long.parseLong(number);
                    return nanos == null ? Math.multiplyExact(n, 1L << (10 * unit)) : Math.multiplyExact(n, nanos[unit]);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new GiveUp();
                }
            }
        }
        throw new GiveUp();
    }

    /** The string a canonical (JSON-quoted, as Typesafe Config renders it) text value stands for. */
    static String unquote(String quoted) {
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            throw new GiveUp();
        }
        StringBuilder s = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (++i >= quoted.length() - 1) {
                throw new GiveUp();
            }
            char e = quoted.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    if (i + 4 >= quoted.length()) {
                        throw new GiveUp();
                    }
                    try {
                        s.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException x) {
                        throw new GiveUp();
                    }
                    i += 4;
                }
                default -> throw new GiveUp();
            }
        }
        return s.toString();
    }
}
