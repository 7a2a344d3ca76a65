package dev.tachyon.api;

import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonValues;
import io.netty.buffer.ByteBuf;
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
 */
public final class Arguments {

    private static final Arguments EMPTY = new Arguments(Collections.emptyMap());
    /** {@link #span}: the answer needs the decoded values (or they are decoded already). */
    private static final long UNSURE = -2;
    /** The values of arguments read in place whose call has ended: a marker, never read. */
    private static final Map<String, Object> DETACHED = Collections.unmodifiableMap(new java.util.HashMap<>());

    /** Decoded values; null while read in place. */
    private Map<String, Object> values;
    private ByteBuf frame;
    private int start;
    private int end;
    private JsonMembers members;
    private String[] wanted;
    private long[] spans;
    /** Names whose spans a check of the whole object found already (the input schema's), or null. */
    private String[] knownNames;
    private long[] knownSpans;
    private int maxNumberDigits = JsonNumber.DEFAULT_MAX_DIGITS;

    private Arguments(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * The arguments object in {@code frame[start, end)}, which {@link dev.tachyon.codec.EnvelopeScanner}
     * validated, read in place until {@link #detach()}: for the engine's inline calls.
     *
     * @param members the connection's reader (not thread-safe: the getters run on its thread)
     * @param scratch {@code wanted} (one name) and {@code spans} (one span) reused between calls
     * @param maxNumberDigits the digit bound of numbers read (see {@link JsonNumber})
     */
    public static Arguments inPlace(ByteBuf frame, int start, int end, JsonMembers members, String[] wanted,
            long[] spans, int maxNumberDigits) {
        Arguments arguments = new Arguments(null);
        arguments.maxNumberDigits = maxNumberDigits;
        arguments.frame = frame;
        arguments.start = start;
        arguments.end = end;
        arguments.members = members;
        arguments.wanted = wanted;
        arguments.spans = spans;
        return arguments;
    }

    /**
     * As {@link #inPlace(ByteBuf, int, int, JsonMembers, String[], long[], int)}, with the spans of
     * {@code knownNames} already found by {@link JsonMembers#find} over this same object (which
     * answered sure: no escaped name, none twice), so a getter of one of them reads its value
     * without scanning the object again.
     */
    public static Arguments inPlace(ByteBuf frame, int start, int end, JsonMembers members, String[] wanted,
            long[] spans, int maxNumberDigits, String[] knownNames, long[] knownSpans) {
        Arguments arguments = inPlace(frame, start, end, members, wanted, spans, maxNumberDigits);
        arguments.knownNames = knownNames;
        arguments.knownSpans = knownSpans;
        return arguments;
    }

    /** Ends reading in place (the frame is about to be released); getters called later fail. */
    public void detach() {
        if (frame != null) {
            frame = null;
            members = null;
            knownNames = null;
            knownSpans = null;
            if (values == null) {
                values = DETACHED;
            }
        }
    }

    /** The span of {@code name}'s value read in place ({@link JsonMembers#ABSENT} if none), or {@link #UNSURE}. */
    private long span(String name) {
        if (values != null) {
            return UNSURE;
        }
        if (knownNames != null) {
            for (int k = 0; k < knownNames.length; k++) {
                if (knownNames[k].equals(name)) {
                    return knownSpans[k];
                }
            }
        }
        wanted[0] = name;
        return members.find(frame, start, end, wanted, spans) ? spans[0] : UNSURE;
    }

    /** The value of {@code name}, decoded alone when read in place. */
    private Object value(String name) {
        long span = span(name);
        if (span == JsonMembers.ABSENT) {
            return null;
        } else if (span != UNSURE) {
            return decode(JsonMembers.start(span), JsonMembers.end(span));
        } else if (values == null) {
            decodeAll(); // an escaped or repeated name: the decoder's rules decide
        }
        return attached().get(name);
    }

    private Map<String, Object> attached() {
        if (values == DETACHED) {
            throw new IllegalStateException("the arguments of an inline call are valid only during the call");
        }
        return values;
    }

    @SuppressWarnings("unchecked") // the engine passes objects only
    private void decodeAll() {
        values = Collections.unmodifiableMap((Map<String, Object>) decode(start, end));
    }

    private Object decode(int from, int to) {
        try {
            return JsonValues.read(frame, from, to, maxNumberDigits);
        } catch (IllegalArgumentException e) {
            throw McpException.invalidParams(e.getMessage()); // a repeated name (the scanner refuses them first)
        }
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
        if (values == null) {
            decodeAll();
        }
        return attached();
    }

    public boolean has(String name) {
        long span = span(name);
        return span == UNSURE ? asMap().containsKey(name) : span != JsonMembers.ABSENT;
    }

    /** The raw value, or null. */
    public Object get(String name) {
        return value(name);
    }

    /** A required string argument. */
    public String string(String name) {
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
        long span = span(name);
        if (span >= 0 && frame.getByte(JsonMembers.start(span)) == '"') {
            return members.text(frame, span);
        }
        return string(name);
    }

    /** An optional string argument. */
    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    /** A required integer argument that fits a long. */
    public long integer(String name) {
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
    public long integer(String name, long fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /** A required number argument. */
    public double number(String name) {
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
    public boolean bool(String name) {
        Object v = require(name);
        if (!(v instanceof Boolean)) {
            throw new InvalidArgumentException("argument '" + name + "' must be a boolean");
        }
        return (Boolean) v;
    }

    private Object require(String name) {
        Object v = value(name);
        if (v == null) {
            throw new InvalidArgumentException("missing required argument '" + name + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
