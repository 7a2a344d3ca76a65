package dev.tachyon.codec;

import static dev.tachyon.codec.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonFrameDecoderTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":\"é😀\",\"method\":\"tools/call\",\"params\":{\"a\":[1,2]}}";
    private static final String NOTE = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private final RecordingCumulator cumulator = new RecordingCumulator();

    private EmbeddedChannel channel(int maxFrameBytes) {
        NdjsonFrameDecoder decoder = new NdjsonFrameDecoder(maxFrameBytes);
        decoder.setCumulator(cumulator);
        return new EmbeddedChannel(decoder);
    }

    /** Writes {@code bytes} in pieces of {@code chunk} bytes (each its own buffer). */
    private static void feed(EmbeddedChannel channel, byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
    }

    /** Reads every emitted frame as text (FrameTooLong as its toString), releasing the buffers. */
    private static List<String> drain(EmbeddedChannel channel) {
        List<String> frames = new ArrayList<>();
        for (Object m; (m = channel.readInbound()) != null; ) {
            if (m instanceof ByteBuf) {
                ByteBuf frame = (ByteBuf) m;
                try {
                    frames.add(frame.toString(StandardCharsets.UTF_8));
                } finally {
                    frame.release();
                }
            } else {
                frames.add(m.toString());
            }
        }
        return frames;
    }

    private void assertFrames(String input, List<String> expected) {
        byte[] bytes = utf8(input);
        for (int chunk : new int[] {1, 2, 3, 7, bytes.length}) {
            EmbeddedChannel channel = channel(1024);
            feed(channel, bytes, chunk);
            assertEquals(expected, drain(channel), "fed in pieces of " + chunk);
            assertFalse(channel.finish());
        }
    }

    @Test
    void oneMessage() {
        assertFrames(PING + "\n", List.of(PING));
    }

    @Test
    void severalMessagesInOneBuffer() {
        assertFrames(PING + "\n" + CALL + "\n" + NOTE + "\n", List.of(PING, CALL, NOTE));
    }

    @Test
    void crlfTerminatorsAreRemoved() {
        assertFrames(PING + "\r\n" + CALL + "\r\n" + NOTE + "\n", List.of(PING, CALL, NOTE));
    }

    @Test
    void emptyLinesAreSkipped() {
        assertFrames("\n\r\n" + PING + "\n\n\n" + CALL + "\r\n\r\n\n", List.of(PING, CALL));
    }

    @Test
    void onlyOneTrailingCarriageReturnIsRemoved() {
        assertFrames("a\r\r\n \n\rb\n", List.of("a\r", " ", "\rb"));
    }

    @Test
    void anUnterminatedLastLineIsNotAFrame() {
        EmbeddedChannel channel = channel(1024);
        feed(channel, utf8(PING + "\n" + NOTE), 1);
        assertEquals(List.of(PING), drain(channel));
        assertFalse(channel.finish());
    }

    @Test
    void framesAreSlicesOfTheInputNotCopies() {
        EmbeddedChannel channel = channel(1024);
        channel.writeInbound(Unpooled.copiedBuffer(utf8(PING + "\n" + NOTE + "\n")));
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        try {
            assertTrue(first.unwrap() != null && first.unwrap() == second.unwrap(), "both frames share one buffer");
        } finally {
            first.release();
            second.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void aLineOfExactlyTheLimitPasses() {
        String line = "x".repeat(16);
        for (String terminator : new String[] {"\n", "\r\n"}) {
            EmbeddedChannel channel = channel(16);
            feed(channel, utf8(line + terminator + line + terminator), 1);
            assertEquals(List.of(line, line), drain(channel));
            assertFalse(channel.finish());
        }
    }

    @Test
    void anOverlongLineIsReportedOnceAsSoonAsItIsKnown() {
        EmbeddedChannel channel = channel(16);
        feed(channel, utf8(PING.substring(0, 16) + "\n"), 1);
        assertEquals(List.of(PING.substring(0, 16)), drain(channel));

        feed(channel, utf8("y".repeat(16)), 1);
        assertNull(channel.readInbound(), "16 bytes may still be a whole line");
        feed(channel, utf8("\r"), 1);
        assertNull(channel.readInbound(), "16 bytes and a CR may still be a whole line");
        feed(channel, utf8("z"), 1);
        Object tooLong = channel.readInbound();
        assertInstanceOf(FrameTooLong.class, tooLong);
        assertEquals(16, ((FrameTooLong) tooLong).maxFrameBytes());

        // From now on everything is dropped, newlines and valid messages included.
        feed(channel, utf8("more\n" + PING + "\n" + "w".repeat(1000) + "\n"), 1);
        assertTrue(cumulator.mostHeld() <= 16 + 2, "held " + cumulator.mostHeld());
        feed(channel, utf8(PING + "\n" + PING + "\n"), 64);
        assertEquals(List.of(), drain(channel));
        assertFalse(channel.finish());
    }

    @Test
    void anOverlongLineArrivingWithItsNewlineIsReportedToo() {
        EmbeddedChannel channel = channel(16);
        channel.writeInbound(Unpooled.copiedBuffer(utf8(PING + "\n" + PING + "\n")));
        assertEquals(List.of(new FrameTooLong(16).toString()), drain(channel));
        assertFalse(channel.finish());
    }

    @Test
    void linesBeforeAnOverlongLineInTheSameBufferAreStillEmitted() {
        EmbeddedChannel channel = channel(16);
        channel.writeInbound(Unpooled.copiedBuffer(utf8("short\n" + "x".repeat(40) + "\nafter\n")));
        assertEquals(List.of("short", new FrameTooLong(16).toString()), drain(channel));
        assertFalse(channel.finish());
    }

    @Test
    void discardingNeverBuffersMoreThanTheLimit() {
        EmbeddedChannel channel = channel(1000);
        byte[] huge = utf8("a".repeat(100_000) + "\n");
        feed(channel, huge, 10);
        assertEquals(List.of(new FrameTooLong(1000).toString()), drain(channel));
        assertTrue(cumulator.mostHeld() <= 1000 + 10, "held " + cumulator.mostHeld());
        assertFalse(channel.finish());
    }

    @Test
    void aLineTricklingInByteByByteIsSearchedOnce() {
        int length = 20_000;
        EmbeddedChannel channel = channel(length);
        byte[] line = utf8("q".repeat(length) + "\n" + PING + "\n");
        feed(channel, line, 1);
        List<String> frames = drain(channel);
        assertEquals(2, frames.size());
        assertEquals(length, frames.get(0).length());
        // Rescanning from the line start would search about length^2 / 2 = 200 million bytes.
        assertTrue(cumulator.searched() <= 2L * line.length, "searched " + cumulator.searched());
        assertFalse(channel.finish());
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new NdjsonFrameDecoder(0));
        assertEquals(NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES, new NdjsonFrameDecoder(4 * 1024 * 1024).maxFrameBytes());
    }
}
