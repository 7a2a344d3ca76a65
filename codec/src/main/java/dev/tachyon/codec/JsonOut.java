package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON straight into a {@code ByteBuf}, with no intermediate strings or trees.
 *
 * <p>Strings are encoded to UTF-8 and escaped as RFC 8259 requires ({@code "}, {@code \},
 * control characters); a lone surrogate (which no UTF-8 can carry) is written as U+FFFD, so
 * the output is always valid for the strict scanner.
 */
public final class JsonOut {

    /** Strings this long or longer make room for themselves first ({@link #string}). */
    private static final int PRESIZED_STRING_CHARS = 1024;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NONE = {};

    private JsonOut() {
    }

    /** Writes ASCII text as is; the caller guarantees it is ASCII and needs no escaping. */
    public static void ascii(ByteBuf out, String text) {
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes pre-encoded bytes as is. */
    public static void raw(ByteBuf out, byte[] bytes) {
        out.writeBytes(bytes);
    }

    /** Writes a JSON {@code null}. */
    public static void nullValue(ByteBuf out) {
        out.writeBytes(NULL);
    }

    /** Writes {@code true} or {@code false}. */
    public static void bool(ByteBuf out, boolean value) {
        out.writeBytes(value ? TRUE : FALSE);
    }

    /** Writes a decimal integer. */
    public static void number(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        out.writeCharSequence(Long.toString(value), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes a quoted, escaped JSON string through {@link JsonStringEncoder}: runs of plain
     * ASCII copied in bulk (for a {@code String}, one array copy per run), the rest encoded into
     * a per-thread scratch array, one buffer write per 8 KiB, so that a string too large for the
     * buffer's maximum capacity fails after about that capacity, not after all of it.
     */
    public static void string(ByteBuf out, CharSequence s) {
        string(out, NONE, s);
    }

    /**
     * Writes {@code before} (pre-encoded bytes, such as the constant fragment that opens a
     * member), then {@code s} as {@link #string(ByteBuf, CharSequence)} does. A short string
     * read in place from the request ({@link JsonText}) goes in with {@code before} and its
     * quotes under one reserve: every separate write into a pooled buffer checks its bounds
     * and reference count again.
     */
    public static void string(ByteBuf out, byte[] before, CharSequence s) {
        if (s.length() >= PRESIZED_STRING_CHARS) {
            // At least one byte a char: grown once to fit, not doubled (and copied) step by step.
            // Past the buffer's maximum capacity this throws as the writes would, before them.
            out.ensureWritable(before.length + s.length() + 2);
        }
        if (s instanceof JsonText) {
            ((JsonText) s).writeJson(out, before); // validated bytes that need no escaping: copied as they are
            return;
        }
        ShortCopies.append(out, before);
        out.writeByte('"');
        JsonStringEncoder.write(out, s);
        out.writeByte('"');
    }

    /**
     * Writes {@code s[from, to)} escaped and UTF-8 encoded, without quotes: one piece of a long
     * string written in parts (the caller writes the quotes). A piece must not end between the
     * two chars of a surrogate pair ({@link #pieceEnd}), or both halves become U+FFFD.
     */
    public static void stringPiece(ByteBuf out, CharSequence s, int from, int to) {
        JsonStringEncoder.write(out, s, from, to);
    }

    /**
     * Where a piece of {@code s} that starts at {@code from} and takes at most {@code maxChars}
     * chars ends: before a high surrogate whose low half would fall in the next piece.
     */
    public static int pieceEnd(CharSequence s, int from, int maxChars) {
        int end = (int) Math.min(s.length(), (long) from + maxChars);
        if (end < s.length() && end > from + 1 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * Writes a Java value as JSON: {@code Map} (keys as strings), {@code Collection}, arrays of
     * objects, {@code CharSequence}, {@code Number}, {@code Boolean}, {@code null},
     * {@link RawJson} and {@link JsonNumber} (verbatim) and {@link JsonWritable}.
     *
     * @throws IllegalArgumentException for a non-finite number or an unsupported type
     */
    public static void value(ByteBuf out, Object v) {
        if (v == null) {
            nullValue(out);
        } else if (v instanceof CharSequence) {
            string(out, (CharSequence) v);
        } else if (v instanceof Boolean) {
            bool(out, (Boolean) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            number(out, ((Number) v).longValue());
        } else if (v instanceof JsonNumber) {
            ascii(out, ((JsonNumber) v).text()); // verbatim: never parsed to be written
        } else if (v instanceof Number) {
            decimal(out, (Number) v);
        } else if (v instanceof RawJson) {
            out.writeBytes(((RawJson) v).bytes());
        } else if (v instanceof JsonWritable) {
            ((JsonWritable) v).writeJson(out);
        } else if (v instanceof Map) {
            object(out, (Map<?, ?>) v);
        } else if (v instanceof Collection) {
            array(out, ((Collection<?>) v).iterator());
        } else if (v instanceof Object[]) {
            array(out, java.util.Arrays.asList((Object[]) v).iterator());
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void decimal(ByteBuf out, Number n) {
        String text;
        if (n instanceof BigInteger || n instanceof BigDecimal) {
            text = n.toString();
        } else {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            text = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void object(ByteBuf out, Map<?, ?> map) {
        out.writeByte('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            string(out, String.valueOf(e.getKey()));
            out.writeByte(':');
            value(out, e.getValue());
        }
        out.writeByte('}');
    }

    private static void array(ByteBuf out, Iterator<?> items) {
        out.writeByte('[');
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            value(out, items.next());
        }
        out.writeByte(']');
    }
}
