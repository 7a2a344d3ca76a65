package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON that has already passed {@link EnvelopeScanner} into plain Java values, for
 * handler code that wants ordinary objects.
 *
 * <p>Objects become {@code LinkedHashMap<String, Object>} (member order kept), arrays
 * {@code ArrayList<Object>}, strings {@code String}, {@code true/false} {@code Boolean}, and
 * {@code null} Java {@code null}. Numbers: integers {@code Long} (or {@code BigInteger} beyond
 * a long), other numbers {@code Double} (or {@code BigDecimal} when a double cannot hold them),
 * as long as the number has at most {@link #EAGER_DIGITS} digits (and at most the digit bound
 * given); a longer number, or one no Java number holds ({@code 1e99999999999}), becomes a
 * {@link JsonNumber} that keeps its text and parses it, with the bound, only when it is read.
 * "Cannot hold" means the magnitude overflows to infinity or a non-zero number underflows to
 * zero; an ordinary decimal such as {@code 0.1} becomes the nearest double.
 *
 * <p>Decoding is one pass, linear in the input's size: no recursion (nesting is a heap stack,
 * so depth is bounded only by the scanner's limit), strings decoded in one pass each, numbers
 * never parsed beyond {@link #EAGER_DIGITS}, object members hashed (and a name that is already
 * in its object is refused with {@link IllegalArgumentException}: the scanner rejects such
 * input, so a decoder never picks one of two values). Input that was not validated gives
 * undefined results.
 */
public final class JsonValues {

    /** Numbers with at most this many digits are parsed while decoding (cheap: microseconds). */
    public static final int EAGER_DIGITS = 40;

    private JsonValues() {
    }

    /**
     * Decodes the JSON text {@code utf8}, with {@link JsonNumber#DEFAULT_MAX_DIGITS}: for callers
     * that hold bytes, not a buffer (the user's model, which names no Netty type).
     */
    public static Object read(byte[] utf8) {
        return read(Unpooled.wrappedBuffer(utf8), 0, utf8.length);
    }

    /** Decodes the JSON value in {@code buf[start, end)}, with {@link JsonNumber#DEFAULT_MAX_DIGITS}. */
    public static Object read(ByteBuf buf, int start, int end) {
        return read(buf, start, end, JsonNumber.DEFAULT_MAX_DIGITS);
    }

    /**
     * Decodes the JSON value in {@code buf[start, end)}.
     *
     * @param maxNumberDigits the digit bound of the numbers decoded (checked when they are read)
     * @throws IllegalArgumentException when an object has a member name twice
     */
    public static Object read(ByteBuf buf, int start, int end, int maxNumberDigits) {
        FrameBytes in = new FrameBytes().wrap(buf);
        try {
            return new Decoder(in, maxNumberDigits).value(start, end);
        } finally {
            in.clear();
        }
    }

    /** Decodes raw string content (between the quotes, escapes not yet resolved) in {@code buf[start, end)}. */
    public static String stringContent(ByteBuf buf, int start, int end) {
        if (buf.indexOf(start, end, (byte) '\\') < 0) {
            return buf.toString(start, end - start, StandardCharsets.UTF_8);
        }
        FrameBytes in = new FrameBytes().wrap(buf);
        try {
            return unescape(in, start, end);
        } finally {
            in.clear();
        }
    }

    /**
     * Decodes validated string content with escapes in one pass: UTF-8 sequences and escapes
     * become UTF-16. The output never has more chars than the input has bytes.
     */
    static String unescape(FrameBytes in, int start, int end) {
        char[] out = new char[end - start];
        int n = 0;
        int i = start;
        while (i < end) {
            int b = in.get(i);
            if (b == '\\') {
                byte x = in.get(i + 1);
                if (x == 'u') {
                    out[n++] = (char) JsonLexer.hex4(in, i + 2, end);
                    i += 6;
                } else {
                    out[n++] = JsonLexer.unescaped(x);
                    i += 2;
                }
            } else if (b >= 0) {
                out[n++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0) {
                out[n++] = (char) (((b & 0x1F) << 6) | (in.get(i + 1) & 0x3F));
                i += 2;
            } else if ((b & 0xF0) == 0xE0) {
                out[n++] = (char) (((b & 0x0F) << 12) | ((in.get(i + 1) & 0x3F) << 6) | (in.get(i + 2) & 0x3F));
                i += 3;
            } else {
                int cp = ((b & 0x07) << 18) | ((in.get(i + 1) & 0x3F) << 12) | ((in.get(i + 2) & 0x3F) << 6)
                        | (in.get(i + 3) & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            }
        }
        return new String(out, 0, n);
    }

    /**
     * Applies the number rules of the class comment to validated JSON number text, with
     * {@link JsonNumber#DEFAULT_MAX_DIGITS}.
     */
    static Number number(String text) {
        return number(text, JsonNumber.DEFAULT_MAX_DIGITS);
    }

    /** Applies the number rules of the class comment to validated JSON number text. */
    static Number number(String text, int maxDigits) {
        boolean integer = true;
        int digits = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integer = false;
            }
        }
        if (digits > Math.min(EAGER_DIGITS, maxDigits)) {
            return JsonNumber.of(text, maxDigits); // parsed, within its bound, only if read
        }
        if (integer) {
            // 18 digits (plus a sign) always fit a long; longer texts are checked exactly.
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < Long.SIZE ? (Number) big.longValue() : big;
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d) || (d == 0 && !isZero(text))) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return JsonNumber.of(text, maxDigits); // beyond BigDecimal's exponent: fails when read, not now
            }
        }
        return d;
    }

    /** Whether the number's digits before any exponent are all zero. */
    private static boolean isZero(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    /** One decoding: an explicit stack of open containers instead of recursion. */
    private static final class Decoder {

        /** Not a value {@link #shortInteger} can return: it reads at most 17 digits after a sign. */
        private static final long NOT_SHORT = Long.MIN_VALUE;

        private final FrameBytes in;
        private final int maxDigits;
        /** Open containers, innermost last. */
        private final List<Object> open = new ArrayList<>();
        /** Per open container: the member name its next value goes under (null for arrays). */
        private final List<String> names = new ArrayList<>();
        private int i;

        Decoder(FrameBytes in, int maxDigits) {
            this.in = in;
            this.maxDigits = maxDigits;
        }

        Object value(int start, int end) {
            i = JsonValidator.skipWhitespace(in, start, end);
            values:
            for (;;) {
                Object value;
                byte b = in.get(i);
                if (b == '{' || b == '[') {
                    boolean object = b == '{';
                    i = JsonValidator.skipWhitespace(in, i + 1, end);
                    if (in.get(i) == (object ? '}' : ']')) {
                        i++;
                        value = object ? new LinkedHashMap<String, Object>() : new ArrayList<Object>();
                    } else {
                        open.add(object ? new LinkedHashMap<String, Object>() : new ArrayList<Object>());
                        names.add(object ? name(end) : null);
                        continue;
                    }
                } else {
                    value = scalar(b, end);
                }
                // A value ended at i: add it to its container, or close containers.
                for (;;) {
                    int depth = open.size();
                    if (depth == 0) {
                        return value;
                    }
                    add(open.get(depth - 1), names.get(depth - 1), value);
                    i = JsonValidator.skipWhitespace(in, i, end);
                    if (in.get(i) == ',') {
                        i = JsonValidator.skipWhitespace(in, i + 1, end);
                        if (names.get(depth - 1) != null) {
                            names.set(depth - 1, name(end));
                        }
                        continue values;
                    }
                    i++; // the closing '}' or ']'
                    value = open.remove(depth - 1);
                    names.remove(depth - 1);
                }
            }
        }

        @SuppressWarnings("unchecked") // containers are made above with these types
        private static void add(Object container, String name, Object value) {
            if (name == null) {
                ((List<Object>) container).add(value);
                return;
            }
            Map<String, Object> object = (Map<String, Object>) container;
            int size = object.size();
            object.put(name, value);
            if (object.size() == size) {
                throw new IllegalArgumentException("duplicate member \"" + abbreviate(name) + "\"");
            }
        }

        /** Reads {@code "name":} at {@link #i}; leaves {@link #i} at the value. */
        private String name(int end) {
            String name = string(end);
            i = JsonValidator.skipWhitespace(in, i, end); // at the colon
            i = JsonValidator.skipWhitespace(in, i + 1, end);
            return name;
        }

        private Object scalar(byte b, int end) {
            switch (b) {
                case '"':
                    return string(end);
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default:
                    return number(end);
            }
        }

        /** The string whose opening quote is at {@link #i}; leaves {@link #i} after the closing quote. */
        private String string(int end) {
            int contentStart = i + 1;
            boolean escaped = false;
            int k = contentStart;
            for (;;) {
                k = JsonLexer.skipPlainAscii(in, k, end);
                byte c = in.get(k);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    escaped = true;
                    k += in.get(k + 1) == 'u' ? 6 : 2;
                } else {
                    k++; // non-ASCII: a UTF-8 byte, never a quote
                }
            }
            i = k + 1;
            if (escaped) {
                return unescape(in, contentStart, k);
            }
            byte[] utf8 = new byte[k - contentStart];
            in.getBytes(contentStart, utf8, utf8.length);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        private Number number(int end) {
            int start = i;
            int k = i;
            while (k < end) {
                byte c = in.get(k);
                if ((c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
                    break;
                }
                k++;
            }
            i = k;
            int length = k - start;
            if (length <= 18) {
                long value = shortInteger(start, k);
                if (value != NOT_SHORT) {
                    return value; // 18 characters hold no long's overflow: the common case, no text made
                }
            }
            byte[] text = new byte[length];
            in.getBytes(start, text, length);
            return JsonValues.number(new String(text, StandardCharsets.ISO_8859_1), maxDigits);
        }

        /** The integer literal {@code in[start, end)} of at most 18 characters, or {@link #NOT_SHORT} if it is not one. */
        private long shortInteger(int start, int end) {
            boolean negative = in.get(start) == '-';
            long value = 0;
            for (int k = negative ? start + 1 : start; k < end; k++) {
                byte c = in.get(k);
                if (c < '0' || c > '9') {
                    return NOT_SHORT;
                }
                value = value * 10 + (c - '0');
            }
            return negative ? -value : value;
        }

        private static String abbreviate(String s) {
            return s.length() <= 64 ? s : s.substring(0, 61) + "...";
        }
    }
}
