package dev.tachyon.server.ndjson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The framer's newline search finds what a byte-by-byte search finds, on direct (raw reads),
 * heap and composite buffers, for a newline at every position of every word and block, among
 * the bytes that make word-at-a-time tests go wrong (0x00, 0x01, 0x0B, 0x80, 0x8A, 0xFF, a
 * second newline), from every start and to every end, and in a buffer that is a slice of a
 * larger chunk (its address is not the chunk's).
 */
class NewlinesTest {

    private static final byte[] AROUND = {'a', 0x00, 0x01, 0x09, 0x0B, (byte) 0x80, (byte) 0x8A, (byte) 0xFF, '\n'};

    @Test
    void findsTheFirstNewlineOnEveryKindOfBuffer() {
        check(n -> PooledByteBufAllocator.DEFAULT.directBuffer(n + 16).writerIndex(3).readerIndex(3));
        check(n -> Unpooled.directBuffer(n));
        check(n -> Unpooled.buffer(n));
        check(n -> Unpooled.compositeBuffer().addComponent(true, Unpooled.directBuffer(n)));
    }

    private static void check(IntFunction<ByteBuf> buffers) {
        for (int length = 0; length <= 80; length++) {
            for (byte filler : AROUND) {
                for (int at = -1; at < length; at++) {
                    byte[] bytes = new byte[length];
                    for (int k = 0; k < length; k++) {
                        bytes[k] = filler == '\n' ? (byte) ('a' + k % 7) : (k % 3 == 0 ? filler : (byte) 'x');
                    }
                    if (at >= 0) {
                        bytes[at] = '\n';
                        if (filler == '\n' && at + 1 < length) {
                            bytes[at + 1] = '\n'; // a second newline right after: the first is the one
                        }
                    }
                    ByteBuf buf = buffers.apply(length);
                    try {
                        int base = buf.writerIndex();
                        buf.writeBytes(bytes);
                        for (int from = 0; from <= Math.min(length, 17); from++) {
                            for (int to = Math.max(from, length - 17); to <= length; to++) {
                                assertEquals(expected(bytes, from, to) < 0 ? -1 : base + expected(bytes, from, to),
                                        Newlines.indexOf(buf, base + from, base + to),
                                        "length " + length + ", newline at " + at + ", filler " + filler
                                                + ", from " + from + " to " + to + ", " + buf.getClass().getSimpleName());
                            }
                        }
                    } finally {
                        buf.release();
                    }
                }
            }
        }
    }

    private static int expected(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
