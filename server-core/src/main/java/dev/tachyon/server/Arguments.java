package dev.tachyon.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code arguments} of a tool call or prompt, as plain Java values (see
 * {@link dev.tachyon.codec.JsonValues} for the mapping). Typed getters throw
 * {@link InvalidArgumentException} when an argument is missing or of the wrong type: a tool
 * answers it with an {@code isError} result, a prompt with {@code -32602}.
 */
public final class Arguments {

    private static final Arguments EMPTY = new Arguments(Collections.emptyMap());

    private final Map<String, Object> values;

    private Arguments(Map<String, Object> values) {
        this.values = values;
    }

    /** Wraps a decoded JSON object. */
    public static Arguments of(Map<String, Object> values) {
        return values == null || values.isEmpty() ? EMPTY : new Arguments(Collections.unmodifiableMap(values));
    }

    /** No arguments. */
    public static Arguments empty() {
        return EMPTY;
    }

    /** All arguments, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null. */
    public Object get(String name) {
        return values.get(name);
    }

    /** A required string argument. */
    public String string(String name) {
        Object v = require(name);
        if (!(v instanceof String)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a string");
        }
        return (String) v;
    }

    /** An optional string argument. */
    public String string(String name, String fallback) {
        return values.containsKey(name) ? string(name) : fallback;
    }

    /** A required integer argument that fits a long. */
    public long integer(String name) {
        Object v = require(name);
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof BigDecimal || v instanceof Double) {
            BigDecimal d = v instanceof Double ? BigDecimal.valueOf((Double) v) : (BigDecimal) v;
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidArgumentException("argument '" + name + "' must be an integer");
            }
        }
        if (v instanceof BigInteger) {
            throw new InvalidArgumentException("argument '" + name + "' is out of range");
        }
        throw new InvalidArgumentException("argument '" + name + "' must be an integer");
    }

    /** An optional integer argument. */
    public long integer(String name, long fallback) {
        return values.containsKey(name) ? integer(name) : fallback;
    }

    /** A required number argument. */
    public double number(String name) {
        Object v = require(name);
        if (!(v instanceof Number)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a number");
        }
        return ((Number) v).doubleValue();
    }

    /** A required boolean argument. */
    public boolean bool(String name) {
        Object v = require(name);
        if (!(v instanceof Boolean)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a boolean");
        }
        return (Boolean) v;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new InvalidArgumentException("missing required argument '" + name + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
