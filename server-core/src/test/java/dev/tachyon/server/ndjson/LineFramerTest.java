package dev.tachyon.server.ndjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session handler's in-place line framing: the same lines and limit as the codec's frame
 * decoder whatever the input's split, every read buffer and kept line released, and no more
 * than the limit (and its CR) ever kept.
 */
class LineFramerTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":\"é😀\",\"method\":\"tools/call\",\"params\":{\"a\":[1,2]}}";
    private static final String NOTE = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** Records the lines (as text) and refusals; checks each line is the buffer's readable bytes, alive. */
    private static final class Recording extends LineFramer {
        final List<String> seen = new ArrayList<>();
        int mostKept;

        Recording(int maxFrameBytes) {
            super(maxFrameBytes);
        }

        @Override
        void line(ByteBuf line) {
            assertTrue(line.refCnt() > 0, "a line is alive while it is handed on");
            seen.add(line.toString(StandardCharsets.UTF_8));
        }

        @Override
        void tooLong(int maxFrameBytes) {
            seen.add("too long: " + maxFrameBytes);
        }

        /** Feeds {@code bytes[from, to)} as one read buffer, checks it was released. */
        void feed(byte[] bytes, int from, int to) {
            ByteBuf in = ALLOC.directBuffer(to - from).writeBytes(bytes, from, to - from);
            read(ALLOC, in);
            assertEquals(0, in.refCnt(), "the read buffer is released after its lines");
            mostKept = Math.max(mostKept, bufferedBytes());
        }

        /** Feeds {@code bytes} in pieces of {@code chunk} bytes, each its own buffer. */
        Recording feed(byte[] bytes, int chunk) {
            for (int i = 0; i < bytes.length; i += chunk) {
                feed(bytes, i, Math.min(i + chunk, bytes.length));
            }
            return this;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertLines(String input, List<String> expected) {
        byte[] bytes = utf8(input);
        for (int chunk : new int[] {1, 2, 3, 7, 64, bytes.length}) {
            Recording framer = new Recording(1024).feed(bytes, chunk);
            assertEquals(expected, framer.seen, "fed in pieces of " + chunk);
            framer.release();
        }
    }

    @Test
    void aPipelinedBurstSplitAtEveryByteGivesTheSameLines() {
        String burst = PING + "\n" + CALL + "\r\n" + NOTE + "\n" + PING + "\n";
        byte[] bytes = utf8(burst);
        for (int split = 0; split <= bytes.length; split++) {
            Recording framer = new Recording(1024);
            framer.feed(bytes, 0, split);
            framer.feed(bytes, split, bytes.length);
            assertEquals(List.of(PING, CALL, NOTE, PING), framer.seen, "split at " + split);
            assertEquals(0, framer.bufferedBytes());
        }
    }

    @Test
    void crlfTerminatorsAreRemovedAndOnlyOneCarriageReturn() {
        assertLines(PING + "\r\n" + CALL + "\r\n" + NOTE + "\n", List.of(PING, CALL, NOTE));
        assertLines("a\r\r\n \n\rb\n", List.of("a\r", " ", "\rb"));
    }

    @Test
    void emptyLinesAreSkipped() {
        assertLines("\n\r\n" + PING + "\n\n\n" + CALL + "\r\n\r\n\n", List.of(PING, CALL));
    }

    @Test
    void anUnterminatedLastLineIsKeptNotHandedOn() {
        Recording framer = new Recording(1024).feed(utf8(PING + "\n" + NOTE), 1);
        assertEquals(List.of(PING), framer.seen);
        assertEquals(NOTE.length(), framer.bufferedBytes());
        framer.release();
        assertEquals(0, framer.bufferedBytes());
    }

    @Test
    void aLineCompletesAcrossManyReads() {
        String line = "{\"text\":\"" + "q".repeat(20_000) + "\"}";
        Recording framer = new Recording(line.length());
        framer.feed(utf8(line + "\r\n" + PING + "\n"), 1000);
        assertEquals(List.of(line, PING), framer.seen);
        assertTrue(framer.mostKept <= line.length() + 1000, "kept " + framer.mostKept);
    }

    @Test
    void aLineOfExactlyTheLimitPasses() {
        String line = "x".repeat(16);
        for (String terminator : new String[] {"\n", "\r\n"}) {
            for (int chunk : new int[] {1, 5, 17, 100}) {
                Recording framer = new Recording(16).feed(utf8(line + terminator + line + terminator), chunk);
                assertEquals(List.of(line, line), framer.seen, terminator.length() + " / " + chunk);
            }
        }
    }

    @Test
    void anOverlongLineIsRefusedOnceAsSoonAsItIsKnown() {
        Recording framer = new Recording(16);
        framer.feed(utf8(PING.substring(0, 16) + "\n"), 1);
        assertEquals(List.of(PING.substring(0, 16)), framer.seen);
        framer.feed(utf8("y".repeat(16)), 1);
        assertEquals(1, framer.seen.size(), "16 bytes may still be a whole line");
        framer.feed(utf8("\r"), 1);
        assertEquals(1, framer.seen.size(), "16 bytes and a CR may still be a whole line");
        framer.feed(utf8("z"), 1);
        assertEquals(List.of(PING.substring(0, 16), "too long: 16"), framer.seen);
        assertEquals(0, framer.bufferedBytes(), "the kept part is dropped");

        // From now on everything is dropped, newlines and valid messages included.
        framer.feed(utf8("more\n" + PING + "\n" + "w".repeat(1000) + "\n"), 1);
        framer.feed(utf8(PING + "\n" + PING + "\n"), 64);
        assertEquals(2, framer.seen.size());
        assertTrue(framer.mostKept <= 16 + 1, "kept " + framer.mostKept);
    }

    @Test
    void anOverlongLineArrivingWholeIsRefusedAfterTheLinesBeforeIt() {
        Recording framer = new Recording(16).feed(utf8("short\n" + "x".repeat(40) + "\nafter\n"), 100);
        assertEquals(List.of("short", "too long: 16"), framer.seen);
        Recording completed = new Recording(16);
        completed.feed(utf8("x".repeat(10)), 100);
        completed.feed(utf8("y".repeat(10) + "\n" + PING + "\n"), 100); // too long only once its newline is known
        assertEquals(List.of("too long: 16"), completed.seen);
    }

    @Test
    void neverKeepsMoreThanTheLimit() {
        Recording framer = new Recording(1000).feed(utf8("a".repeat(100_000) + "\n"), 10);
        assertEquals(List.of("too long: 1000"), framer.seen);
        assertTrue(framer.mostKept <= 1000, "kept " + framer.mostKept);
    }

    @Test
    void countsTheUnframedRestOfTheReadAsBuffered() {
        List<Integer> buffered = new ArrayList<>();
        LineFramer framer = new LineFramer(1024) {
            @Override
            void line(ByteBuf line) {
                buffered.add(bufferedBytes());
            }

            @Override
            void tooLong(int maxFrameBytes) {
            }
        };
        framer.read(ALLOC, ALLOC.buffer().writeBytes(utf8("ab")));
        framer.read(ALLOC, ALLOC.buffer().writeBytes(utf8("c\nd\nef")));
        assertEquals(List.of(4, 2), buffered, "after abc: d\\nef; after d: ef");
        assertEquals(2, framer.bufferedBytes());
        framer.release();
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new Recording(0));
    }

    @Test
    void theLargestLimitDoesNotOverflow() {
        Recording framer = new Recording(Integer.MAX_VALUE).feed(utf8(PING + "\r\n" + NOTE), 5);
        assertEquals(List.of(PING), framer.seen);
        framer.release();
    }
}
