package dev.tachyon.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fuzzers' seed corpus and mutator, shared by the codec's differential fuzzer and the
 * engine's (through the codec test-jar). Mutations favour bytes that matter to JSON and UTF-8.
 */
public final class FuzzSeeds {

    private static final byte[] INTERESTING = Frames.utf8("{}[]\":,\\/ \t\r\nu0123456789abcdefABCDEF.eE+-tfnrlsx");
    private static final int[] HIGH = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x00, 0x1F, 0x7F};

    private FuzzSeeds() {
    }

    /** The seed corpus: every committed malformed input under 2 KB and every valid MCP message of the tests. */
    public static List<byte[]> all() {
        List<byte[]> seeds = new ArrayList<>();
        for (MalformedCorpus.Entry e : MalformedCorpus.entries()) {
            if (e.bytes().length < 2_000) {
                seeds.add(e.bytes());
            }
        }
        EnvelopeScannerTest.validMessages().forEach(v -> seeds.add(Frames.utf8(v.json())));
        seeds.add(Frames.utf8("[\"\\ud83d\\ude00\",\"é😀\",-0.5e+10,{\"a\":[true,false,null]}]"));
        return seeds;
    }

    /** One random mutation: replace, insert, delete, truncate, duplicate or swap. */
    public static byte[] mutate(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return new byte[] {pick(random)};
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(6)) {
            case 0: { // replace one byte
                byte[] out = in.clone();
                out[at] = pick(random);
                return out;
            }
            case 1: { // insert one byte
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = pick(random);
                System.arraycopy(in, at, out, at + 1, in.length - at);
                return out;
            }
            case 2: { // delete a short run
                int n = Math.min(in.length - at, 1 + random.nextInt(4));
                byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                return out;
            }
            case 3: // truncate
                return Arrays.copyOf(in, at);
            case 4: { // duplicate a run in place
                int n = Math.min(in.length - at, 1 + random.nextInt(8));
                byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at + n);
                System.arraycopy(in, at, out, at + n, in.length - at);
                return out;
            }
            default: { // swap two bytes
                byte[] out = in.clone();
                int other = random.nextInt(in.length);
                byte b = out[at];
                out[at] = out[other];
                out[other] = b;
                return out;
            }
        }
    }

    private static byte pick(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 6) {
            return INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return (byte) (kind < 9 ? HIGH[random.nextInt(HIGH.length)] : random.nextInt(256));
    }
}
