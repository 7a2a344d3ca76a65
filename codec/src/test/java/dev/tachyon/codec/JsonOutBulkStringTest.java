package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonOut#string}'s bulk paths (a {@code String}'s, and any other
 * {@code CharSequence}'s) against {@link CharByCharJson}, the encoding it has always produced
 * written one char at a time: the same bytes for every char, every escape, pairs and lone
 * surrogates, on scratch boundaries, into heap and direct buffers.
 */
class JsonOutBulkStringTest {


    private static byte[] written(CharSequence s, boolean direct) {
        ByteBuf out = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(16) : Unpooled.buffer(16);
        try {
            JsonOut.string(out, s);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static void assertSameAsCharByChar(String s) {
        for (boolean direct : new boolean[] {false, true}) {
            byte[] expected = CharByCharJson.quoted(s);
            for (CharSequence form : new CharSequence[] {s, new StringBuilder(s)}) {
                byte[] actual = written(form, direct);
                if (!java.util.Arrays.equals(expected, actual)) {
                    assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(actual), "a "
                            + form.getClass().getSimpleName() + " of " + s.length() + " chars, direct " + direct);
                }
            }
        }
    }

    @Test
    void everyAsciiCharAloneAndBetweenPlainAndNonAsciiText() {
        for (char c = 0; c < 0x80; c++) {
            assertSameAsCharByChar(String.valueOf(c));
            assertSameAsCharByChar("ab" + c + "cd");
            assertSameAsCharByChar("é" + c + "中");
            assertSameAsCharByChar(c + "\uD83D\uDE00" + c);
            assertSameAsCharByChar("\uD800" + c + "\uDC00");
        }
    }

    @Test
    void everyBmpCharAloneAndAfterAscii() {
        for (int c = 0; c <= 0xFFFF; c++) {
            assertSameAsCharByChar("x\"" + (char) c + "y");
        }
    }

    @Test
    void surrogatePairsAndLoneSurrogatesAsBefore() {
        String[] cases = {"\uD83D\uDE00", "a\uD800b", "\uDC00", "\uDC00\uD800", "x\uD83D", "\uD83D\uD83D\uDE00",
            "\uDE00\uDE00", "\uD83D\uDE00\uD83D", "ab\uDBFF\uDFFFcd", "\uD800\n", "é\uDC00é"};
        for (String s : cases) {
            assertSameAsCharByChar(s);
        }
        assertEquals("\"a\uFFFDb\"", new String(written("a\uD800b", true), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void longStringsAcrossChunkAndScratchBoundaries() {
        int chunk = JsonStringEncoder.SCRATCH_BYTES;
        assertSameAsCharByChar("a".repeat(chunk - 1) + "\uD83D\uDE00" + "b".repeat(chunk + 1));
        for (int pad = 0; pad < 8; pad++) { // every multi-byte form and escape across the scratch's end
            assertSameAsCharByChar("a".repeat(chunk - pad) + "\u0001é中\uD83D\uDE00\uDC00" + "b".repeat(pad));
            assertSameAsCharByChar("中".repeat(chunk / 3 - pad) + "\u0001é中\uD83D\uDE00\uD800" + "b".repeat(pad));
        }
        assertSameAsCharByChar("x".repeat(chunk - 1) + "\uD83D\uDE00" + "y".repeat(chunk));
        assertSameAsCharByChar("中".repeat(chunk - 1) + "\uD83D\uDE00" + "中".repeat(chunk + 5));
        assertSameAsCharByChar("é".repeat(3 * chunk) + "\"" + "a".repeat(3 * chunk + 7));
        assertSameAsCharByChar("\uD83D\uDE00".repeat(chunk + 3));
        assertSameAsCharByChar("q".repeat(1 << 20) + "\u0001");
    }

    @Test
    void randomMixedStringsOfEverySize() {
        SplittableRandom random = new SplittableRandom(15);
        char[] alphabet = {'a', 'Z', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '中', '\uD83D', '\uDE00',
            '\uFFFF'};
        for (int n = 0; n < 400; n++) {
            int len = random.nextInt(n < 340 ? 64 : 40_000);
            StringBuilder s = new StringBuilder(len);
            boolean ascii = random.nextBoolean();
            for (int i = 0; i < len; i++) {
                s.append(ascii && random.nextInt(50) > 0 ? (char) ('a' + random.nextInt(26))
                        : alphabet[random.nextInt(alphabet.length)]);
            }
            assertSameAsCharByChar(s.toString());
        }
    }

    @Test
    void aLargeStringReadsBackThroughTheFrameDecoderOneByteAtATime() {
        String text = "line \"one\"\n".repeat(500) + "é中\uD83D\uDE00".repeat(300) + "z".repeat(70_000);
        ByteBuf frame = Unpooled.buffer();
        frame.writeCharSequence("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":", java.nio.charset.StandardCharsets.US_ASCII);
        JsonOut.string(frame, text);
        frame.writeCharSequence("}\n", java.nio.charset.StandardCharsets.US_ASCII);
        EmbeddedChannel channel = new EmbeddedChannel(new NdjsonFrameDecoder(1 << 20));
        try {
            while (frame.isReadable()) {
                channel.writeInbound(frame.readRetainedSlice(1));
            }
            ByteBuf line = channel.readInbound();
            try {
                JsonRpcEnvelope envelope = new JsonRpcEnvelope();
                new EnvelopeScanner().scan(line, envelope);
                assertEquals(text, JsonValues.read(line, envelope.resultStart(), envelope.resultEnd()));
            } finally {
                line.release();
            }
            assertFalse(channel.finish());
        } finally {
            frame.release();
        }
    }

    @Test
    void aStringOverTheBuffersBoundFailsAtTheBound() {
        String huge = "a".repeat(8 * 1024 * 1024);
        for (ByteBuf out : new ByteBuf[] {Unpooled.buffer(256, 1024 * 1024),
            PooledByteBufAllocator.DEFAULT.directBuffer(256, 1024 * 1024)}) {
            try {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                        () -> JsonOut.string(out, huge));
                assertTrue(e.getMessage().contains("exceeds maxCapacity"), e.getMessage());
                assertTrue(out.capacity() <= 1024 * 1024);
                assertTrue(out.writerIndex() <= 1024 * 1024);
            } finally {
                out.release();
            }
        }
    }
}
