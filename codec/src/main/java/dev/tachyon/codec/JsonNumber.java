package dev.tachyon.codec;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number kept as the text it was sent as, parsed only when it is read: what
 * {@link JsonValues} gives for a number too long to parse cheaply, or one no Java number holds.
 *
 * <p>Parsing a decimal text into a {@code BigInteger} or {@code BigDecimal} costs time
 * quadratic in its digits (a million digits: seconds of CPU). Decoding never parses such a
 * number: it costs one copy of its text, linear. Reading it ({@link #bigInteger()},
 * {@link #bigDecimal()} and every {@link Number} method) parses it, and refuses with
 * {@link TooManyDigits} when it has more digits than the bound it was decoded with, so the
 * work of one read is bounded. An exponent beyond {@code BigDecimal}'s range
 * ({@code 1e99999999999}) fails the same way, as a {@link NumberFormatException}.
 *
 * <p>Written back ({@link JsonOut#value}) as its text, byte for byte, without parsing. Two
 * instances are equal when their texts are.
 */
public final class JsonNumber extends Number {

    private static final long serialVersionUID = 1L;

    /** Default bound on the digits of a number that is read: more than any double or ordinary decimal needs. */
    public static final int DEFAULT_MAX_DIGITS = 1000;

    private final String text;
    private final int digits;
    private final int maxDigits;
    private final boolean integer;

    private JsonNumber(String text, int digits, int maxDigits, boolean integer) {
        this.text = text;
        this.digits = digits;
        this.maxDigits = maxDigits;
        this.integer = integer;
    }

    /**
     * A number whose validated JSON text is {@code text}.
     *
     * @param maxDigits the most digits (integer, fraction and exponent together) a read may parse
     */
    public static JsonNumber of(String text, int maxDigits) {
        int digits = 0;
        boolean integer = true;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integer = false;
            } else if (c != '-' && c != '+') {
                throw new IllegalArgumentException("not a JSON number: " + abbreviate(text));
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a JSON number: " + abbreviate(text));
        }
        return new JsonNumber(text, digits, maxDigits, integer);
    }

    /** The number's JSON text, exactly as sent. */
    public String text() {
        return text;
    }

    /** How many digits the text has (integer part, fraction and exponent). */
    public int digits() {
        return digits;
    }

    /** The bound a read checks {@link #digits()} against. */
    public int maxDigits() {
        return maxDigits;
    }

    /** Whether the text is an integer literal (no fraction, no exponent). Reads nothing. */
    public boolean isIntegerLiteral() {
        return integer;
    }

    /**
     * The exact value.
     *
     * @throws TooManyDigits beyond the digit bound
     * @throws NumberFormatException when the exponent is beyond {@code BigDecimal}'s range
     */
    public BigDecimal bigDecimal() {
        checkDigits();
        return new BigDecimal(text);
    }

    /**
     * The exact value of an integer literal.
     *
     * @throws TooManyDigits beyond the digit bound
     * @throws ArithmeticException when the text is not an integer literal
     */
    public BigInteger bigInteger() {
        checkDigits();
        if (!integer) {
            throw new ArithmeticException("not an integer literal: " + abbreviate(text));
        }
        return new BigInteger(text);
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    /** As {@link Number#longValue()} (narrowing); throws like {@link #bigDecimal()}. */
    @Override
    public long longValue() {
        return integer ? bigInteger().longValue() : bigDecimal().longValue();
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    /** The nearest double (infinite or zero when out of its range); throws {@link TooManyDigits} beyond the bound. */
    @Override
    public double doubleValue() {
        checkDigits();
        return Double.parseDouble(text);
    }

    private void checkDigits() {
        if (digits > maxDigits) {
            throw new TooManyDigits(digits, maxDigits);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber && ((JsonNumber) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** A read of a number with more digits than its bound: refused before any parsing. */
    public static final class TooManyDigits extends NumberFormatException {

        private static final long serialVersionUID = 1L;

        private final int digits;
        private final int maxDigits;

        TooManyDigits(int digits, int maxDigits) {
            super("a number has " + digits + " digits, more than the " + maxDigits + " this server reads");
            this.digits = digits;
            this.maxDigits = maxDigits;
        }

        /** The number's digits. */
        public int digits() {
            return digits;
        }

        /** The bound it passed. */
        public int maxDigits() {
            return maxDigits;
        }
    }
}
