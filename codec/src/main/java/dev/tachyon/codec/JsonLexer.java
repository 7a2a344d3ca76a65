package dev.tachyon.codec;


/**
 * Scans one JSON string, number or literal ({@code true}, {@code false}, {@code null}) and says
 * where it ends, validating it strictly against RFC 8259 and UTF-8 (RFC 3629).
 *
 * <p>Every scanning method takes the token's first index and the exclusive end of the region,
 * and returns the index just past the token, or {@link #FAILED} after recording why; the reason
 * stays readable through {@link #failure()} and {@link #failureIndex()} until the next
 * failure. Nothing is allocated. Not thread-safe; owned by one {@link JsonValidator}.
 */
final class JsonLexer {

    /** Returned by the scanning methods when the input is invalid. */
    static final int FAILED = -1;

    static final String UNEXPECTED_END = "unexpected end of input";
    static final String UNTERMINATED_STRING = "unterminated string";
    static final String CONTROL_CHARACTER = "unescaped control character in string";
    static final String INVALID_ESCAPE = "invalid escape";
    static final String INVALID_UNICODE_ESCAPE = "invalid \\u escape";
    static final String LONE_SURROGATE = "unpaired surrogate escape";
    static final String INVALID_UTF8 = "invalid UTF-8";
    static final String INVALID_NUMBER = "invalid number";
    static final String LEADING_ZERO = "leading zero in number";
    static final String INVALID_LITERAL = "invalid literal";

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final boolean LITTLE_ENDIAN = FrameBytes.littleEndian();

    private String failure;
    private int failureIndex;
    private boolean escaped;
    /** Whether a number scanned since {@link #clearLongExponent} had a long exponent. */
    private boolean longExponent;
    /** Where the strings scanned are reported ({@link #reportStrings}), or null. */
    private LongStrings longStrings;

    /** Exponents of this many digits or more may be beyond what a decoder holds ({@code 1e99999999999}). */
    static final int LONG_EXPONENT_DIGITS = 9;

    void clearLongExponent() {
        longExponent = false;
    }

    /** Whether a number scanned since {@link #clearLongExponent} had an exponent of {@value #LONG_EXPONENT_DIGITS} digits or more. */
    boolean longExponent() {
        return longExponent;
    }

    /** Records a failure at {@code index}; returns {@link #FAILED} so callers can {@code return fail(...)}. */
    int fail(String reason, int index) {
        failure = reason;
        failureIndex = index;
        return FAILED;
    }

    /** Why the last scan failed. */
    String failure() {
        return failure;
    }

    /** The absolute index the last failure was found at. */
    int failureIndex() {
        return failureIndex;
    }

    /** Whether the last string scanned successfully contained a backslash escape. */
    boolean escaped() {
        return escaped;
    }

    /**
     * From now on, each long string scanned is reported to {@code sink} (null: none). Stored only
     * when it changes: a scanner reports to the same envelope's strings frame after frame.
     */
    void reportStrings(LongStrings sink) {
        if (longStrings != sink) {
            longStrings = sink;
        }
    }

    /**
     * Scans a string whose opening quote is at {@code quote}.
     *
     * @return the index after the closing quote, or {@link #FAILED}
     */
    int string(FrameBytes in, int quote, int end) {
        boolean sawEscape = false;
        boolean sawNonAscii = false;
        int i = quote + 1;
        for (;;) {
            i = skipPlainAscii(in, i, end);
            if (i >= end) {
                return fail(UNTERMINATED_STRING, quote);
            }
            byte b = in.get(i);
            if (b == '"') {
                escaped = sawEscape;
                if (longStrings != null) {
                    longStrings.add(quote, i + 1, !sawEscape && !sawNonAscii);
                }
                return i + 1;
            } else if (b == '\\') {
                sawEscape = true;
                i = escape(in, i, end);
            } else if (b >= 0x20) {
                i++; // a false alarm of the eight-byte check
            } else if (b >= 0) {
                return fail(CONTROL_CHARACTER, i);
            } else {
                sawNonAscii = true;
                i = multiByte(in, i, end);
            }
            if (i == FAILED) {
                return FAILED;
            }
        }
    }

    /**
     * Returns the index of the first byte at or after {@code i} that may be a quote, a
     * backslash, a control character or non-ASCII (or {@code end}). Long plain strings (tool
     * arguments, text content) are the common case, so eight bytes are checked at once: a lane
     * is flagged when it is special, and a borrow between lanes can only flag more lanes, never
     * hide one, so the first flagged lane in memory order is at or before the first special byte.
     */
    static int skipPlainAscii(FrameBytes in, int i, int end) {
        // Most strings (names, ids, short values) end within their first few words: one at a time.
        for (int words = 0; words < 4 && end - i >= Long.BYTES; words++) {
            long special = special(in.getLong(i));
            if (special != 0) {
                return i + lane(special);
            }
            i += Long.BYTES;
        }
        // Long runs (a 64 KiB argument) four words a turn, one test for all four: the turn's
        // cost is the arithmetic, not the loop; the first word with a flagged lane is found below.
        // The non-ASCII test (the high bit itself) and the mask are shared by the four words.
        while (end - i >= 4 * Long.BYTES) {
            long a = in.getLong(i);
            long b = in.getLong(i + Long.BYTES);
            long c = in.getLong(i + 2 * Long.BYTES);
            long d = in.getLong(i + 3 * Long.BYTES);
            if (((a | b | c | d | asciiSpecial(a) | asciiSpecial(b) | asciiSpecial(c) | asciiSpecial(d)) & HIGH_BITS) != 0) {
                break;
            }
            i += 4 * Long.BYTES;
        }
        while (end - i >= Long.BYTES) {
            long special = special(in.getLong(i));
            if (special != 0) {
                return i + lane(special);
            }
            i += Long.BYTES;
        }
        // Fewer than eight bytes left in the frame. Plain ASCII bytes are 0x20..0x7F except '"' and '\\';
        // non-ASCII bytes are negative.
        byte b;
        while (i < end && (b = in.get(i)) >= 0x20 && b != '"' && b != '\\') {
            i++;
        }
        return i;
    }

    /** The index in its word of the first flagged lane of {@code special}, in memory order. */
    private static int lane(long special) {
        return (LITTLE_ENDIAN ? Long.numberOfTrailingZeros(special) : Long.numberOfLeadingZeros(special)) / 8;
    }

    /** The high bit of each lane of {@code x} that may be a quote, a backslash, a control character or non-ASCII. */
    private static long special(long x) {
        return (asciiSpecial(x) | x) & HIGH_BITS;
    }

    /**
     * Before the mask: the high bit of each lane of {@code x} that is below a space, a quote or
     * a backslash is set (other high bits may be set too; a lane that is non-ASCII is flagged
     * by {@code x} itself).
     */
    private static long asciiSpecial(long x) {
        return (x - SPACES) | ((x ^ QUOTES) - ONES) | ((x ^ BACKSLASHES) - ONES);
    }

    /** Checks the escape whose backslash is at {@code i}; returns the index after it. */
    private int escape(FrameBytes in, int i, int end) {
        if (i + 1 >= end) {
            return fail(UNTERMINATED_STRING, i);
        }
        switch (in.get(i + 1)) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                return unicodeEscape(in, i, end);
            default:
                return fail(INVALID_ESCAPE, i);
        }
    }

    /**
     * A {@code \}{@code uXXXX} escape at {@code i}. UTF-16 surrogates must come as a high-low pair
     * of escapes: a lone one names no character and cannot be converted to UTF-8.
     */
    private int unicodeEscape(FrameBytes in, int i, int end) {
        int unit = hex4(in, i + 2, end);
        if (unit < 0) {
            return fail(INVALID_UNICODE_ESCAPE, i);
        }
        if (Character.isLowSurrogate((char) unit)) {
            return fail(LONE_SURROGATE, i);
        }
        if (!Character.isHighSurrogate((char) unit)) {
            return i + 6;
        }
        int low = i + 6;
        if (low + 1 >= end || in.get(low) != '\\' || in.get(low + 1) != 'u') {
            return fail(LONE_SURROGATE, i);
        }
        int next = hex4(in, low + 2, end);
        if (next < 0) {
            return fail(INVALID_UNICODE_ESCAPE, low);
        }
        if (!Character.isLowSurrogate((char) next)) {
            return fail(LONE_SURROGATE, i);
        }
        return low + 6;
    }

    /** The value of four hex digits at {@code i}, or -1 if they are not four hex digits. */
    static int hex4(FrameBytes in, int i, int end) {
        if (end - i < 4) {
            return -1;
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(in.get(i + k), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /**
     * Checks the UTF-8 sequence whose lead byte is at {@code i} (Unicode 15, table 3-7): no
     * overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncation.
     */
    private int multiByte(FrameBytes in, int i, int end) {
        int lead = in.get(i) & 0xFF;
        int continuations;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuations = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuations = 2;
            if (lead == 0xE0) {
                secondMin = 0xA0; // below: overlong
            } else if (lead == 0xED) {
                secondMax = 0x9F; // above: U+D800..U+DFFF
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuations = 3;
            if (lead == 0xF0) {
                secondMin = 0x90; // below: overlong
            } else if (lead == 0xF4) {
                secondMax = 0x8F; // above: beyond U+10FFFF
            }
        } else {
            return fail(INVALID_UTF8, i); // a continuation byte, C0/C1 (overlong) or F5..FF
        }
        if (end - i <= continuations) {
            return fail(INVALID_UTF8, i);
        }
        int second = in.get(i + 1) & 0xFF;
        if (second < secondMin || second > secondMax) {
            return fail(INVALID_UTF8, i);
        }
        for (int k = 2; k <= continuations; k++) {
            if ((in.get(i + k) & 0xC0) != 0x80) {
                return fail(INVALID_UTF8, i);
            }
        }
        return i + continuations + 1;
    }

    /**
     * Scans a number starting at {@code i} ({@code -} or a digit):
     * {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. Magnitude is not limited.
     */
    int number(FrameBytes in, int i, int end) {
        int p = i;
        if (in.get(p) == '-') {
            p++;
        }
        if (p >= end || !isDigit(in.get(p))) {
            return fail(INVALID_NUMBER, i);
        }
        if (in.get(p) == '0') {
            p++;
            if (p < end && isDigit(in.get(p))) {
                return fail(LEADING_ZERO, i);
            }
        } else {
            p = digits(in, p + 1, end);
        }
        if (p < end && in.get(p) == '.') {
            int fraction = p + 1;
            p = digits(in, fraction, end);
            if (p == fraction) {
                return fail(INVALID_NUMBER, i);
            }
        }
        if (p < end && (in.get(p) | 0x20) == 'e') {
            p++;
            if (p < end && (in.get(p) == '+' || in.get(p) == '-')) {
                p++;
            }
            int exponent = p;
            p = digits(in, exponent, end);
            if (p == exponent) {
                return fail(INVALID_NUMBER, i);
            }
            longExponent |= p - exponent >= LONG_EXPONENT_DIGITS;
        }
        return p;
    }

    private static int digits(FrameBytes in, int i, int end) {
        while (i < end && isDigit(in.get(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Scans the literal {@code word} (ASCII) at {@code i}; the caller has matched its first byte. */
    int literal(FrameBytes in, int i, int end, byte[] word) {
        if (end - i < word.length) {
            return fail(INVALID_LITERAL, i);
        }
        for (int k = 1; k < word.length; k++) {
            if (in.get(i + k) != word[k]) {
                return fail(INVALID_LITERAL, i);
            }
        }
        return i + word.length;
    }

    /**
     * Whether the raw content of a validated string, {@code in[start, end)} between the quotes,
     * decodes to exactly {@code ascii}. Used for the rare member names and values written with
     * escapes, such as <code>"&#92;u006Dethod"</code>.
     */
    static boolean contentEquals(FrameBytes in, int start, int end, String ascii) {
        int i = start;
        int k = 0;
        while (i < end) {
            if (k == ascii.length()) {
                return false;
            }
            byte b = in.get(i);
            int c;
            if (b != '\\') {
                c = b; // a negative (non-ASCII) byte never equals an ASCII char
                i++;
            } else if (in.get(i + 1) == 'u') {
                c = hex4(in, i + 2, end);
                i += 6;
            } else {
                c = unescaped(in.get(i + 1));
                i += 2;
            }
            if (c != ascii.charAt(k++)) {
                return false;
            }
        }
        return k == ascii.length();
    }

    /**
     * Whether the content of a validated string without escapes, {@code in[start, end)} between
     * the quotes, is exactly {@code ascii}: what {@link #contentEquals} answers for such a
     * string, with the length compared first, so that a member name that is not the one looked
     * for (most of them) costs one compare instead of a walk.
     */
    static boolean plainEquals(FrameBytes in, int start, int end, String ascii) {
        if (end - start != ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (in.get(start + k) != ascii.charAt(k)) {
                return false; // a negative (non-ASCII) byte never equals an ASCII char
            }
        }
        return true;
    }

    /** The character a two-byte escape {@code \x} stands for. */
    static char unescaped(byte x) {
        switch (x) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return (char) x; // '"', '\\' and '/' stand for themselves
        }
    }
}
