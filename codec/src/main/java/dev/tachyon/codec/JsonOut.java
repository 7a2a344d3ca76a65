package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] REPLACEMENT_CHARACTER = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

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
     * Writes a quoted, escaped JSON string. A {@code String} goes through
     * {@link JsonStringEncoder} (runs of plain ASCII copied in bulk, the rest encoded into a
     * scratch array, one buffer write per 8 KiB); other char sequences are encoded run by run
     * through Netty's UTF-8 writer. Either way the output is the same bytes.
     */
    public static void string(ByteBuf out, CharSequence s) {
        if (s instanceof JsonText) {
            ((JsonText) s).writeJson(out); // validated bytes that need no escaping: copied as they are
            return;
        }
        out.writeByte('"');
        if (s instanceof String) {
            JsonStringEncoder.write(out, (String) s);
        } else {
            runs(out, s, 0, s.length());
        }
        out.writeByte('"');
    }

    /**
     * Encodes {@code s[from, to)} run by run: runs of chars that need no escaping as UTF-8, in
     * chunks so that a string too large for the buffer's bound fails after about that bound;
     * escapes and lone surrogates (as U+FFFD) one by one. Char sequences other than
     * {@code String} take this path.
     */
    private static void runs(ByteBuf out, CharSequence s, int from, int to) {
        int runStart = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
            if (plain) {
                if (i - runStart == CHUNK_CHARS) {
                    // Written as it goes: a string too large for the buffer's bound fails after
                    // about that bound, not after a pass over all of it.
                    utf8(out, s, runStart, i);
                    runStart = i;
                }
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a valid pair: UTF-8 encodes it; keep it in the run
                continue;
            }
            if (i > runStart) {
                utf8(out, s, runStart, i);
            }
            if (Character.isSurrogate(c)) {
                out.writeBytes(REPLACEMENT_CHARACTER); // a lone surrogate has no UTF-8 form
            } else {
                escapeAscii(out, c);
            }
            runStart = i + 1;
        }
        if (to > runStart) {
            utf8(out, s, runStart, to);
        }
    }

    /** Plain runs are written in chunks of this many chars. */
    private static final int CHUNK_CHARS = 16 * 1024;
    /** Runs at least this long reserve their exact UTF-8 size instead of the worst case. */
    private static final int EXACT_RESERVE_CHARS = 1024;

    /**
     * Encodes {@code s[start, end)} as UTF-8. Netty reserves three bytes per char (the worst
     * case) before it writes; for a long run that reservation alone could pass the buffer's
     * maximum capacity (the bound on a response's size) while the text itself fits, so long
     * runs reserve their exact size, at the cost of one more pass over them.
     */
    private static void utf8(ByteBuf out, CharSequence s, int start, int end) {
        if (end - start < EXACT_RESERVE_CHARS) {
            ByteBufUtil.writeUtf8(out, s, start, end);
        } else {
            ByteBufUtil.reserveAndWriteUtf8(out, s, start, end, ByteBufUtil.utf8Bytes(s, start, end));
        }
    }

    private static void escapeAscii(ByteBuf out, char c) {
        out.writeByte('\\');
        switch (c) {
            case '"': out.writeByte('"'); break;
            case '\\': out.writeByte('\\'); break;
            case '\n': out.writeByte('n'); break;
            case '\r': out.writeByte('r'); break;
            case '\t': out.writeByte('t'); break;
            case '\b': out.writeByte('b'); break;
            case '\f': out.writeByte('f'); break;
            default:
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[c >> 4]);
                out.writeByte(HEX[c & 0xF]);
        }
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
