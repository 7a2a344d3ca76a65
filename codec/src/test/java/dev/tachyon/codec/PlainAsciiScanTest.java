package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time plain-ASCII skip stops where a byte-by-byte check stops: each byte that
 * ends a run (control characters, the quote, the backslash, non-ASCII) and each neighbour that
 * does not (space, '!', '#', '[', ']', DEL) at every position around its one-word and four-word
 * steps, from several starts, on a direct buffer (raw reads), a heap buffer and an array; and
 * the compare of unescaped member names answers as the escape-aware one.
 */
class PlainAsciiScanTest {

    private static final byte[] STOPS = {0x00, 0x0A, 0x1F, '"', '\\', (byte) 0x80, (byte) 0xC3, (byte) 0xFF};
    private static final byte[] PLAIN = {' ', '!', '#', '[', ']', 0x7F, 'a'};

    @Test
    void stopsAtTheFirstSpecialByteOnEveryPath() {
        FrameBytes in = new FrameBytes();
        for (int length = 0; length <= 104; length++) {
            for (byte[] bytes : new byte[][] {STOPS, PLAIN}) {
                for (byte b : bytes) {
                    for (int at = 0; at < length; at++) {
                        byte[] run = new byte[length];
                        for (int k = 0; k < length; k++) {
                            run[k] = (byte) ('a' + k % 26);
                        }
                        run[at] = b;
                        check(in, run, length);
                    }
                }
            }
        }
    }

    private static void check(FrameBytes in, byte[] run, int length) {
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(length + 3).writerIndex(3).writeBytes(run);
        ByteBuf heap = Unpooled.buffer(length + 3).writerIndex(3).writeBytes(run);
        try {
            for (int from = 0; from <= Math.min(length, 9); from++) {
                int expected = expected(run, from);
                assertStop(expected, JsonLexer.skipPlainAscii(in.wrap(direct), 3 + from, 3 + length) - 3, "direct");
                assertStop(expected, JsonLexer.skipPlainAscii(in.wrap(heap), 3 + from, 3 + length) - 3, "heap");
                assertStop(expected, JsonLexer.skipPlainAscii(in.wrap(run), from, length), "array");
            }
        } finally {
            in.clear();
            direct.release();
            heap.release();
        }
    }

    /**
     * Exact on a little-endian machine; on a big-endian one a borrow may stop the skip early
     * (the string scan then steps over the false alarm), never late.
     */
    private static void assertStop(int expected, int stop, String path) {
        if (FrameBytes.littleEndian()) {
            assertEquals(expected, stop, path);
        } else {
            assertTrue(stop <= expected, path);
        }
    }

    private static int expected(byte[] run, int from) {
        int i = from;
        while (i < run.length && run[i] >= 0x20 && run[i] != '"' && run[i] != '\\') {
            i++;
        }
        return i;
    }

    @Test
    void plainEqualsAnswersAsContentEqualsForUnescapedNames() {
        String[] names = {"", "a", "te", "tex", "text", "texT", "texts", "arguments", "\u00e9", "n\u00e9", "\u007f"};
        FrameBytes in = new FrameBytes();
        for (String content : names) {
            byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            in.wrap(bytes);
            for (String name : new String[] {"", "a", "te", "text", "texts", "arguments", "n"}) {
                assertEquals(JsonLexer.contentEquals(in, 0, bytes.length, name), JsonLexer.plainEquals(in, 0, bytes.length, name),
                        content + " vs " + name);
            }
        }
        assertTrue(JsonLexer.plainEquals(in.wrap("text".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, 4, "text"));
    }
}
