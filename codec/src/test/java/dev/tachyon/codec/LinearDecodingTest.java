package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding costs time linear in the frame's size, for every shape a hostile client may send:
 * what an event loop does with one frame must never grow faster than the frame.
 *
 * <p>Each shape is built at about 1 MiB and at about 4 MiB (the default frame limit) and run
 * through every decoding step a request may meet: the envelope scan (validation, envelope
 * members, duplicate names at every depth), {@link JsonValues#read} of the params, and
 * {@link JsonMembers#find} on them (the in-place path). A linear step takes about 4 times as
 * long for 4 times the input; a quadratic one 16 times. The test asserts under 8 times per
 * step, and an absolute bound generous for CI: the 4 MiB frame decodes in under a second (a
 * quadratic step takes seconds to minutes).
 *
 * <p>To keep CI noise out: warm-up at both sizes, the best of several runs, and the decoding
 * thread's own CPU time rather than the wall clock, so other processes on a shared machine and
 * the collector's pauses (young collections copy the trees {@link JsonValues} builds, work that
 * grows with the live set, not with the decoder) are not counted. This module's tests run with a
 * 1 GiB young generation ({@code codec/pom.xml}): a collection in the middle of a tree's build
 * promotes it half-built, and the stores into it that follow take G1's write barrier's slow path
 * on the decoding thread, which read x15-x20 for 4x the bytes on a quiet machine.
 */
class LinearDecodingTest {

    private static final int SMALL = 1 << 20;
    private static final int LARGE = 4 << 20;
    private static final int RUNS = 3;
    /**
     * Direct buffers, as frames come from the socket, but without the leak detector: at its
     * PARANOID test level it records a stack trace per buffer access, which would time the
     * detector instead of the decoder. Every buffer here is released in a finally block.
     */
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true, true);
    private static final String[] WANTED = {"name", "arguments", "_meta"};
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** A shape: builds the params JSON (an object) of about {@code bytes} bytes. */
    private record Shape(String name, IntFunction<String> params) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape("one huge integer", n -> "{\"n\":" + "7".repeat(n) + "}"),
                new Shape("one huge decimal", n -> "{\"n\":-1." + "3".repeat(n) + "e-5}"),
                new Shape("one huge exponent", n -> "{\"n\":1e" + "9".repeat(n) + "}"),
                new Shape("many 40-digit numbers", n -> array(n, "1234567890123456789012345678901234567.89")),
                new Shape("many 41-digit numbers", n -> array(n, "12345678901234567890123456789012345678901")),
                new Shape("many small integers", n -> array(n, "7")),
                new Shape("many small decimals", n -> array(n, "0.5e-3")),
                new Shape("one long plain string", n -> "{\"s\":\"" + "x".repeat(n) + "\"}"),
                new Shape("a string of two-byte escapes", n -> "{\"s\":\"" + "\\n".repeat(n / 2) + "\"}"),
                new Shape("a string of escaped quotes and backslashes", n -> "{\"s\":\"" + "\\\\\\\"".repeat(n / 4) + "\"}"),
                new Shape("a string of unicode escapes", n -> "{\"s\":\"" + "\\u00e9".repeat(n / 6) + "\"}"),
                new Shape("a string of surrogate pair escapes", n -> "{\"s\":\"" + "\\ud83d\\ude00".repeat(n / 12) + "\"}"),
                new Shape("a string of 4-byte UTF-8", n -> "{\"s\":\"" + "\uD83D\uDE00".repeat(n / 4) + "\"}"),
                new Shape("many short strings with escapes", n -> array(n, "\"a\\tb\"")),
                new Shape("nesting at the depth limit, repeated", n -> {
                    String deep = "[".repeat(124) + "]".repeat(124);
                    return "{\"d\":" + array(n, deep) + "}";
                }),
                new Shape("nested objects at the depth limit, repeated", n -> {
                    String deep = "{\"a\":".repeat(124) + "1" + "}".repeat(124);
                    return "{\"d\":" + array(n, deep) + "}";
                }),
                new Shape("many members in one object", n -> members(n, "k", "")),
                new Shape("many members with escaped names", n -> members(n, "\\u006b", "")),
                new Shape("many members whose names collide in String.hashCode", LinearDecodingTest::collidingMembers),
                new Shape("many members with long common prefixes", n -> members(n, "p".repeat(200), "")),
                new Shape("many small objects with the same members", n -> {
                    String object = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10}";
                    return "{\"d\":" + array(n, object) + "}";
                }),
                new Shape("a few huge member names", n -> "{\"" + "a".repeat(n / 3) + "\":1,\"" + "a".repeat(n / 3 - 1)
                        + "b\":2,\"" + "a".repeat(n / 3 - 2) + "\":3}"),
                new Shape("many wanted-looking members", n -> members(n, "nam", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void decodingIsLinear(Shape shape) {
        byte[] small = frame(shape.params().apply(SMALL));
        byte[] large = frame(shape.params().apply(LARGE));
        for (int warm = 0; warm < 2; warm++) { // compiled for both sizes before anything is timed
            time(small);
            time(large);
        }
        long[] smallNanos = best(small);
        long[] largeNanos = best(large);
        double sizeRatio = (double) large.length / small.length;
        StringBuilder figures = new StringBuilder(String.format("%s (%,d B, then %,d B):", shape, small.length,
                large.length));
        long largeTotal = 0;
        boolean linear = true;
        for (int phase = 0; phase < PHASES.length; phase++) {
            double ratio = (double) largeNanos[phase] / Math.max(smallNanos[phase], 1);
            figures.append(String.format(" %s %.1f ms -> %.1f ms (x%.1f);", PHASES[phase], smallNanos[phase] / 1e6,
                    largeNanos[phase] / 1e6, ratio));
            largeTotal += largeNanos[phase];
            // Below 10 ms the clock, caches and the JIT dominate: only the absolute bound means something there.
            // Above it, 4x the bytes may cost up to 12x the time: a 4 MiB working set falls out of the
            // caches the 1 MiB one fits in (x10 seen for a linear scan on a busy machine), while anything
            // quadratic costs x16 or more.
            linear &= largeNanos[phase] < 10_000_000L || ratio < 3 * sizeRatio;
        }
        System.out.println(figures);
        assertTrue(largeTotal < 1_000_000_000L, figures::toString);
        assertTrue(linear, figures::toString);
    }

    private static final String[] PHASES = {"scan", "values", "members"};

    /** Per phase, the best of {@link #RUNS} decodings of {@code frame}, in nanoseconds. */
    private static long[] best(byte[] frame) {
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int run = 0; run < RUNS; run++) {
            // Decoding into trees allocates, and the collector copies what survives: starting each
            // run with an empty young generation times the decoder, not the previous run's garbage.
            System.gc();
            long[] nanos = time(frame);
            for (int phase = 0; phase < best.length; phase++) {
                best[phase] = Math.min(best[phase], nanos[phase]);
            }
        }
        return best;
    }

    /** Every decoding step a request's params may meet, each timed. */
    private static long[] time(byte[] bytes) {
        ByteBuf frame = ALLOC.directBuffer(bytes.length).writeBytes(bytes);
        try {
            EnvelopeScanner scanner = new EnvelopeScanner();
            JsonRpcEnvelope envelope = new JsonRpcEnvelope();
            long[] spans = new long[WANTED.length];
            JsonMembers members = new JsonMembers();
            long t0 = CPU.getCurrentThreadCpuTime();
            int code = scanner.scan(frame, envelope);
            long t1 = CPU.getCurrentThreadCpuTime();
            assertEquals(EnvelopeScanner.OK, code, scanner::errorDetail);
            Object params = JsonValues.read(frame, envelope.paramsStart(), envelope.paramsEnd());
            long t2 = CPU.getCurrentThreadCpuTime();
            assertTrue(params instanceof java.util.Map);
            members.find(frame, envelope.paramsStart(), envelope.paramsEnd(), WANTED, spans);
            long t3 = CPU.getCurrentThreadCpuTime();
            return new long[] {t1 - t0, t2 - t1, t3 - t2};
        } finally {
            frame.release();
        }
    }

    private static byte[] frame(String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"a":[item,item,...]}} of about {@code bytes} bytes. */
    private static String array(int bytes, String item) {
        int count = Math.max(1, bytes / (item.length() + 1));
        StringBuilder s = new StringBuilder(bytes + 16).append("{\"a\":[");
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "" : ",").append(item);
        }
        return s.append("]}").toString();
    }

    /** An object of distinct members {@code "<prefix><k><suffix>":0} of about {@code bytes} bytes. */
    private static String members(int bytes, String prefix, String suffix) {
        StringBuilder s = new StringBuilder(bytes + 16).append('{');
        for (int k = 0; s.length() < bytes; k++) {
            s.append(k == 0 ? "" : ",").append('"').append(prefix).append(k).append(suffix).append("\":0");
        }
        return s.append('}').toString();
    }

    /**
     * Names built from the blocks "Aa" and "BB", which have the same {@code String.hashCode}: all
     * names of one length collide in a map keyed by String (Java's HashMap then keeps them in
     * a balanced tree; the scanner's own hash is seeded and never sees these collisions).
     */
    private static String collidingMembers(int bytes) {
        StringBuilder s = new StringBuilder(bytes + 32).append('{');
        for (int k = 0; s.length() < bytes; k++) {
            s.append(k == 0 ? "\"" : ",\"");
            for (int bit = 0; bit < 18; bit++) {
                s.append((k >>> bit & 1) == 0 ? "Aa" : "BB");
            }
            s.append("\":0");
        }
        return s.append('}').toString();
    }
}
