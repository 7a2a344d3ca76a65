package dev.tachyon.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as its UTF-8 bytes, written verbatim by {@link JsonOut#value}.
 *
 * <p>Used for schemas that must reach clients exactly as registered and for pre-encoded
 * fragments. {@link #of(String)} validates the text with the strict scanner, so a
 * {@code RawJson} is always one well-formed JSON value.
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
        return new RawJson(bytes);
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

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
