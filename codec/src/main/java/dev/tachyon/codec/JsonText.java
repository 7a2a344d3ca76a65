package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * A JSON string of printable ASCII without escapes, read in place from a validated frame: a
 * {@link CharSequence} whose characters are the frame's bytes, and which {@link JsonOut#string}
 * copies verbatim (it needs no escaping). Lets a handler pass a string argument into its
 * result with no decoding, no String and no re-encoding.
 *
 * <p>Valid only while the frame is: for the duration of the call that received it. Strings
 * with escapes or non-ASCII bytes are decoded to a {@code String} instead ({@link #of}).
 */
public final class JsonText implements CharSequence {

    /** Printable ASCII but the backslash; non-ASCII bytes are negative. */
    private static final ByteProcessor PLAIN = b -> b >= 0x20 && b != '\\';

    private final ByteBuf frame;
    private final int start;
    private final int end;

    private JsonText(ByteBuf frame, int start, int end) {
        this.frame = frame;
        this.start = start;
        this.end = end;
    }

    /**
     * The string whose validated JSON form (quotes included) is {@code frame[start, end)}: a view
     * when it is plain printable ASCII, else the decoded String.
     */
    public static CharSequence of(ByteBuf frame, int start, int end) {
        int last = end - 1;
        boolean plain = frame.forEachByte(start + 1, last - start - 1, PLAIN) < 0;
        return of(frame, start, end, plain);
    }

    /** As {@link #of(ByteBuf, int, int)}, when the caller knows whether the content is plain printable ASCII. */
    static CharSequence of(ByteBuf frame, int start, int end, boolean plain) {
        return plain ? new JsonText(frame, start + 1, end - 1) : JsonValues.stringContent(frame, start + 1, end - 1);
    }

    /**
     * Writes {@code before}, then the string's JSON form, quotes included (its bytes need no
     * escaping), under one bounds and reference-count check of each buffer where they are short.
     */
    void writeJson(ByteBuf out, byte[] before) {
        ShortCopies.appendQuoted(out, before, frame, start, end - start);
    }

    /**
     * The string's bytes (its JSON form without the quotes: they need no escaping) as a retained
     * slice of the frame, which can be sent as it is after the frame is released; the caller
     * owns the slice and releases it.
     */
    public ByteBuf retainedBytes() {
        return frame.retainedSlice(start, end - start);
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) frame.getByte(start + index);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        if (from < 0 || to > length() || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length());
        }
        return new JsonText(frame, start + from, start + to);
    }

    @Override
    public String toString() {
        return frame.toString(start, end - start, StandardCharsets.US_ASCII);
    }
}
