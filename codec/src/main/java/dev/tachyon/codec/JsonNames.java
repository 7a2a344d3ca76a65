package dev.tachyon.codec;

import java.nio.charset.StandardCharsets;

/**
 * Member names a find looks for ({@link JsonMembers#find(io.netty.buffer.ByteBuf, int, int, JsonNames, long[], int)}),
 * packed once into little-endian eight-byte words, so that a name in the frame is compared
 * with one wanted name in one or two eight-byte reads instead of a read and a compare per byte.
 *
 * <p>Immutable and thread-safe: make it once (a constant, or once per schema) and share it.
 */
public final class JsonNames {

    private final String[] names;
    private final int[] lengths;
    /**
     * Per name: its whole eight-byte words from its start, then, when its length is not a
     * multiple of eight, the eight bytes ending at its end (a name shorter than eight: its bytes
     * in the low bits, compared with the eight bytes that end where the frame's name ends).
     */
    private final long[][] words;

    private JsonNames(String[] names) {
        this.names = names.clone();
        this.lengths = new int[names.length];
        this.words = new long[names.length][];
        for (int k = 0; k < names.length; k++) {
            byte[] bytes = names[k].getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < names[k].length(); i++) {
                char c = names[k].charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("not a plain ASCII name: " + names[k]);
                }
            }
            int whole = bytes.length / 8;
            long[] w = new long[whole + (bytes.length % 8 == 0 ? 0 : 1)];
            for (int j = 0; j < whole; j++) {
                w[j] = word(bytes, 8 * j, 8);
            }
            if (bytes.length % 8 != 0) {
                w[whole] = bytes.length < 8 ? word(bytes, 0, bytes.length) : word(bytes, bytes.length - 8, 8);
            }
            lengths[k] = bytes.length;
            words[k] = w;
        }
    }

    /**
     * The names {@code names}, in this order.
     *
     * @throws IllegalArgumentException if a name is not printable ASCII without {@code "} and {@code \}
     *     (a name that a frame could hold only with escapes)
     */
    public static JsonNames of(String... names) {
        return new JsonNames(names);
    }

    /** The names, in order; a copy. */
    public String[] names() {
        return names.clone();
    }

    /** How many names. */
    public int size() {
        return names.length;
    }

    /** The names themselves, not copied: for the finds, which only read them. */
    String[] array() {
        return names;
    }

    /**
     * The index of the name equal to the validated, unescaped name {@code in[start, end)}
     * (between its quotes), or {@link #size()} when none is.
     */
    int indexOf(FrameBytes in, int start, int end) {
        int length = end - start;
        for (int k = 0; k < names.length; k++) {
            if (lengths[k] == length && same(in, start, end, k)) {
                return k;
            }
        }
        return names.length;
    }

    private boolean same(FrameBytes in, int start, int end, int k) {
        int length = lengths[k];
        if (!FrameBytes.littleEndian() || (length < 8 && end < 8)) {
            return JsonLexer.plainEquals(in, start, end, names[k]); // no eight bytes before the end to read
        }
        long[] w = words[k];
        if (length < 8) {
            // the eight bytes ending at the name's end: within the buffer (index >= 0), the name in the high bytes
            return length == 0 || in.getLong(end - 8) >>> (8 * (8 - length)) == w[0];
        }
        int whole = length / 8;
        for (int j = 0; j < whole; j++) {
            if (in.getLong(start + 8 * j) != w[j]) {
                return false;
            }
        }
        return whole == w.length || in.getLong(end - 8) == w[whole];
    }

    /** {@code bytes[from, from + count)} as a little-endian word (the first byte lowest). */
    private static long word(byte[] bytes, int from, int count) {
        long w = 0;
        for (int i = count - 1; i >= 0; i--) {
            w = (w << 8) | (bytes[from + i] & 0xFF);
        }
        return w;
    }
}
