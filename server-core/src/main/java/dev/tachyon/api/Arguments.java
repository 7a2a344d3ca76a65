package dev.tachyon.api;

import dev.tachyon.codec.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code arguments} of a tool call or prompt, as plain Java values (see
 * {@link dev.tachyon.codec.JsonValues} for the mapping). Typed getters throw
 * {@link InvalidArgumentException} when an argument is missing or of the wrong type: a tool
 * answers it with an {@code isError} result, a prompt with {@code -32602}. A number with more
 * digits than {@code limits.max-number-digits} is kept as text ({@link JsonNumber}) and refused
 * with {@code -32602} ({@code data.reason} {@code "number-too-long"}) only when it is read.
 *
 * <p>The arguments of an inline tool call are read in place from the request's frame: each
 * getter decodes only the argument it names, and only while the handler runs. Keeping them
 * past the call fails with {@link IllegalStateException}; copy the values kept instead.
 *
 * <p>Where the values come from is up to the subclass: {@link #of(Map)} wraps decoded values;
 * the server reads an inline call's arguments in place. A subclass supplies {@link #get},
 * {@link #has} and {@link #asMap} (and may give {@link #text} a cheaper answer); the typed
 * getters are built on them and behave the same for every source.
 */
public abstract class Arguments {

    private static final Arguments EMPTY = new Decoded(Collections.emptyMap());

    /** For the sources of arguments; the typed getters are final. */
    protected Arguments() {
    }

    /** Wraps a decoded JSON object. */
    public static Arguments of(Map<String, Object> values) {
        return values == null || values.isEmpty() ? EMPTY : new Decoded(Collections.unmodifiableMap(values));
    }

    /** No arguments. */
    public static Arguments empty() {
        return EMPTY;
    }

    /** All arguments, unmodifiable. */
    public abstract Map<String, Object> asMap();

    /** Whether an argument named {@code name} was given (even as JSON {@code null}). */
    public abstract boolean has(String name);

    /** The raw value, or null. */
    public abstract Object get(String name);

    /** A required string argument. */
    public final String string(String name) {
        Object v = require(name);
        if (!(v instanceof String)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a string");
        }
        return (String) v;
    }

    /**
     * A required string argument as a {@link CharSequence}: for an inline call, a view of the
     * request's bytes when the string is plain ASCII (no copy, no decoding; results copy it
     * verbatim), valid only during the call; otherwise the String.
     */
    public CharSequence text(String name) {
        return string(name);
    }

    /** An optional string argument. */
    public final String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    /** A required integer argument that fits a long. */
    public final long integer(String name) {
        Object v = require(name);
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof JsonNumber) {
            v = exact((JsonNumber) v); // a long text: parsed now, within the digit bound
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

    /** The exact value of a number kept as text; {@code -32602} past the digit bound or the range of any Java number. */
    private static BigDecimal exact(JsonNumber n) {
        try {
            return n.bigDecimal();
        } catch (JsonNumber.TooManyDigits e) {
            throw McpException.numberTooLong(e);
        } catch (NumberFormatException e) {
            throw McpException.invalidParams("a number is out of the range this server can represent");
        }
    }

    /** An optional integer argument. */
    public final long integer(String name, long fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /** A required number argument. */
    public final double number(String name) {
        Object v = require(name);
        if (!(v instanceof Number)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a number");
        }
        try {
            return ((Number) v).doubleValue();
        } catch (JsonNumber.TooManyDigits e) {
            throw McpException.numberTooLong(e);
        }
    }

    /** A required boolean argument. */
    public final boolean bool(String name) {
        Object v = require(name);
        if (!(v instanceof Boolean)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a boolean");
        }
        return (Boolean) v;
    }

    private Object require(String name) {
        Object v = get(name);
        if (v == null) {
            throw new InvalidArgumentException("missing required argument '" + name + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Arguments decoded already: a map. */
    private static final class Decoded extends Arguments {
        private final Map<String, Object> values;

        Decoded(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public Map<String, Object> asMap() {
            return values;
        }

        @Override
        public boolean has(String name) {
            return values.containsKey(name);
        }

        @Override
        public Object get(String name) {
            return values.get(name);
        }
    }
}
