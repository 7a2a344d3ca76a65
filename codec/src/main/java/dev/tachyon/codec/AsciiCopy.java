package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Copies chars of a {@code String} that are known to be ASCII into a {@code ByteBuf} in bulk.
 *
 * <p>{@code String.getBytes(int, int, byte[], int)} keeps the low byte of each char; for ASCII
 * that is the UTF-8 byte, and for a compact (Latin-1) string the JDK does it with one array
 * copy. A heap buffer gets the bytes straight into its array; a direct one through a small
 * per-thread scratch array, one {@code setBytes} (a memory copy) per scratch-full. Netty's
 * {@code writeCharSequence(..., US_ASCII)} instead stores a {@code String} byte by byte.
 *
 * <p>The buffer's maximum capacity holds as for any write: {@code ensureWritable} throws
 * before anything past it is written.
 */
final class AsciiCopy {

    /** 4 KiB per thread that writes JSON: a copy of 4 KiB costs far more than the loop around it. */
    private static final int SCRATCH_BYTES = 4096;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    private AsciiCopy() {
    }

    /** Writes {@code s[from, to)}, every char of which the caller guarantees is below 0x80. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): exactly right for ASCII, and a bulk copy
    static void write(ByteBuf out, String s, int from, int to) {
        int n = to - from;
        out.ensureWritable(n);
        int w = out.writerIndex();
        if (out.hasArray()) {
            s.getBytes(from, to, out.array(), out.arrayOffset() + w);
        } else {
            byte[] scratch = SCRATCH.get();
            for (int i = from; i < to; i += SCRATCH_BYTES) {
                int m = Math.min(SCRATCH_BYTES, to - i);
                s.getBytes(i, i + m, scratch, 0);
                out.setBytes(w + (i - from), scratch, 0, m);
            }
        }
        out.writerIndex(w + n);
    }
}
