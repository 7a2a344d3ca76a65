package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Encodes a {@code CharSequence} as the inside of a JSON string (UTF-8, escaped as RFC 8259 requires,
 * a lone surrogate as U+FFFD) through a per-thread scratch array, written to the buffer one
 * bulk copy per scratch-full.
 *
 * <p>Why: Netty's UTF-8 writers store into the {@code ByteBuf} byte by byte (each store an
 * index check and, for a direct buffer, an address computation). Here a run of plain ASCII is
 * found by one scan and copied with {@code String.getBytes(int, int, byte[], int)} (which keeps
 * the low byte of each char: for ASCII that is the UTF-8 byte, and for a compact Latin-1 string
 * the JDK does it as one array copy); every other char is encoded into the array in place.
 *
 * <p>The buffer's maximum capacity (the bound on a response's size) holds as for any write:
 * each flush of at most {@link #SCRATCH_BYTES} calls {@code ensureWritable}, which throws
 * before anything past it is written, so a string too large fails after about the bound.
 */
final class JsonStringEncoder {

    /** 8 KiB per thread that writes JSON: large enough that the flush is a small part of the cost. */
    static final int SCRATCH_BYTES = 8192;
    /** The most one char (or pair) becomes: the escape of a control char is 6 bytes. */
    private static final int MAX_BYTES_PER_CHAR = 6;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    private JsonStringEncoder() {
    }

    /**
     * Writes {@code s} escaped and UTF-8 encoded, without the quotes. A {@code String}'s plain
     * ASCII runs are found by a scan and copied in bulk; another {@code CharSequence}'s are
     * copied into the scratch char by char (a sequence has no bulk read), still one buffer write
     * per scratch-full.
     */
    static void write(ByteBuf out, CharSequence s) {
        write(out, s, 0, s.length());
    }

    /** As {@link #write(ByteBuf, CharSequence)}, for the chars {@code s[from, to)}. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): exactly right for ASCII, and a bulk copy
    static void write(ByteBuf out, CharSequence s, int from, int to) {
        byte[] buf = SCRATCH.get();
        String str = s instanceof String ? (String) s : null;
        int k = 0;
        int len = to;
        int i = from;
        while (i < len) {
            if (str != null) {
                int j = i;
                while (j < len && isPlainAscii(str.charAt(j))) {
                    j++;
                }
                while (i < j) { // the plain run, copied a scratch-full at a time
                    int m = Math.min(j - i, SCRATCH_BYTES - k);
                    str.getBytes(i, i + m, buf, k);
                    k += m;
                    i += m;
                    if (k == SCRATCH_BYTES) {
                        out.writeBytes(buf, 0, k);
                        k = 0;
                    }
                }
            } else {
                for (char c; i < len && isPlainAscii(c = s.charAt(i)); i++) {
                    if (k == SCRATCH_BYTES) {
                        out.writeBytes(buf, 0, k);
                        k = 0;
                    }
                    buf[k++] = (byte) c;
                }
            }
            if (i == len) {
                break;
            }
            if (SCRATCH_BYTES - k < MAX_BYTES_PER_CHAR) {
                out.writeBytes(buf, 0, k);
                k = 0;
            }
            char c = s.charAt(i++);
            if (c < 0x80) {
                k = escape(buf, k, c);
            } else if (c < 0x800) {
                buf[k++] = (byte) (0xC0 | c >> 6);
                buf[k++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                buf[k++] = (byte) (0xE0 | c >> 12);
                buf[k++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[k++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i < len && Character.isLowSurrogate(s.charAt(i))) {
                int cp = Character.toCodePoint(c, s.charAt(i++));
                buf[k++] = (byte) (0xF0 | cp >> 18);
                buf[k++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[k++] = (byte) (0x80 | cp & 0x3F);
            } else { // a lone surrogate has no UTF-8 form: U+FFFD
                buf[k++] = (byte) 0xEF;
                buf[k++] = (byte) 0xBF;
                buf[k++] = (byte) 0xBD;
            }
        }
        if (k > 0) {
            out.writeBytes(buf, 0, k);
        }
    }

    private static boolean isPlainAscii(char c) {
        return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }

    /** Writes the escape of ASCII char {@code c} (a quote, a backslash or a control char) at {@code k}. */
    private static int escape(byte[] buf, int k, char c) {
        buf[k++] = '\\';
        switch (c) {
            case '"': buf[k++] = '"'; break;
            case '\\': buf[k++] = '\\'; break;
            case '\n': buf[k++] = 'n'; break;
            case '\r': buf[k++] = 'r'; break;
            case '\t': buf[k++] = 't'; break;
            case '\b': buf[k++] = 'b'; break;
            case '\f': buf[k++] = 'f'; break;
            default:
                buf[k++] = 'u';
                buf[k++] = '0';
                buf[k++] = '0';
                buf[k++] = HEX[c >> 4];
                buf[k++] = HEX[c & 0xF];
        }
        return k;
    }
}
