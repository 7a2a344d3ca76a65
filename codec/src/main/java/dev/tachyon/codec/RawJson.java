package dev.tachyon.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as its UTF-8 bytes, written verbatim by {@link JsonOut#value}.
 *
 * <p>Used for schemas that must reach clients exactly as registered and for pre-encoded
 * fragments. {@link #of(String)} validates the text with the strict scanner and removes the
 * whitespace between tokens (never inside strings): a value spread over several lines would
 * otherwise break newline-delimited framing. Members, their order and every string and number
 * are kept byte for byte. A {@code RawJson} is always one well-formed JSON value on one line.
 */
public final class RawJson {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Wraps JSON text.
     *
     * @throws IllegalArgumentException when the text is not exactly one valid JSON value
     */
    public static RawJson of(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String problem = JsonValidation.problem(bytes);
        if (problem != null) {
            throw new IllegalArgumentException("not valid JSON (" + problem + "): " + abbreviate(json));
        }
        return new RawJson(compact(bytes));
    }

    /** Wraps bytes the caller guarantees to be one valid JSON value (they are not copied). */
    public static RawJson trusted(byte[] utf8) {
        return new RawJson(utf8);
    }

    /** The bytes, not copied: callers must not modify them. */
    public byte[] bytes() {
        return utf8;
    }

    /** Length in bytes. */
    public int length() {
        return utf8.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson && Arrays.equals(utf8, ((RawJson) o).utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Drops whitespace outside strings; the input is valid JSON. */
    private static byte[] compact(byte[] json) {
        byte[] out = new byte[json.length];
        int n = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            out[n++] = b;
        }
        return n == json.length ? json : Arrays.copyOf(out, n);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
