package dev.tachyon.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags: {@code --name value}, {@code --name=value}, and bare switches. Each
 * value is read once through a typed getter; {@link #finish} rejects the flags nobody read, so
 * a misspelt flag stops the run instead of being ignored.
 */
final class Flags {

    private final Map<String, String> values = new LinkedHashMap<>();
    /** Every value of a flag given more than once, in order ({@link #all}); {@link #values} keeps the last. */
    private final Map<String, List<String>> repeated = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> switches;

    /** @param switches flags that take no value */
    Flags(String[] args, Set<String> switches) {
        this.switches = switches;
        for (int k = 0; k < args.length; k++) {
            String arg = args[k];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (switches.contains(name)) {
                value = "true";
            } else if (k + 1 < args.length) {
                value = args[++k];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            String before = values.put(name, value);
            if (before != null) {
                repeated.computeIfAbsent(name, n -> new ArrayList<>(List.of(before))).add(value);
            }
        }
    }

    /** Every value of a flag that may be repeated ({@code --header A --header B}), in order; none: empty. */
    List<String> all(String name) {
        String last = values.remove(name);
        List<String> all = repeated.remove(name);
        return all != null ? List.copyOf(all) : last == null ? List.of() : List.of(last);
    }

    List<String> positional() {
        return positional;
    }

    String string(String name, String fallback) {
        String v = values.remove(name);
        return v == null ? fallback : v;
    }

    String required(String name) {
        String v = values.remove(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    boolean flag(String name) {
        String v = values.remove(name);
        if (v == null) {
            return false;
        }
        if (!switches.contains(name) || !(v.equals("true") || v.equals("false"))) {
            throw new IllegalArgumentException("--" + name + " takes no value (or =true/=false)");
        }
        return Boolean.parseBoolean(v);
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.remove(name);
        if (v == null) {
            return fallback;
        }
        long n = parseCount(name, v);
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be from " + min + " to " + max + ", got " + v);
        }
        return (int) n;
    }

    double number(String name, double fallback) {
        String v = values.remove(name);
        if (v == null) {
            return fallback;
        }
        return parseCount(name, v);
    }

    /** A duration in nanoseconds: {@code 10s}, {@code 500ms}, {@code 2m}, or plain seconds. */
    long nanos(String name, long fallbackNanos) {
        String v = values.remove(name);
        if (v == null) {
            return fallbackNanos;
        }
        return parseDuration(name, v);
    }

    /** Fails on any flag no getter asked for. */
    void finish() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown flag" + (values.size() > 1 ? "s" : "") + ": --"
                    + String.join(", --", values.keySet()));
        }
    }

    static long parseDuration(String name, String v) {
        try {
            if (v.endsWith("ms")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6);
            }
            if (v.endsWith("s")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9);
            }
            if (v.endsWith("m")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60e9);
            }
            return Math.round(Double.parseDouble(v) * 1e9);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a duration (10s, 500ms, 2m): " + v);
        }
    }

    /** A count with an optional k/M suffix ({@code 50k}, {@code 1.5M}). */
    static long parseCount(String name, String v) {
        try {
            double scale = 1;
            String digits = v;
            if (v.endsWith("k") || v.endsWith("K")) {
                scale = 1e3;
                digits = v.substring(0, v.length() - 1);
            } else if (v.endsWith("M")) {
                scale = 1e6;
                digits = v.substring(0, v.length() - 1);
            }
            return Math.round(Double.parseDouble(digits) * scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a number: " + v);
        }
    }
}
