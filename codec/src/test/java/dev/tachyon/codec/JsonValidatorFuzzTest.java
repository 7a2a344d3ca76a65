package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing: mutated MCP messages and corpus inputs must be judged the same by the
 * single-pass validator and by {@link ReferenceJson}. Seeded, so a failure reproduces.
 */
class JsonValidatorFuzzTest {

    private static final long SEED = 0x7AC4_10F5L;
    /** 100,000 in the test command; {@code -Dtachyon.fuzz.rounds=5000000} for a long run. */
    private static final int ROUNDS = Integer.getInteger("tachyon.fuzz.rounds", 100_000);

    @Test
    void mutatedInputsAreJudgedLikeTheReference() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> seeds = FuzzSeeds.all();
        EnvelopeScanner scanner = new EnvelopeScanner(8);
        JsonRpcEnvelope envelope = new JsonRpcEnvelope();
        int valid = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = FuzzSeeds.mutate(input, random);
            }
            boolean expected = ReferenceJson.isValid(input, 8);
            // A plain heap buffer: PARANOID leak tracking of pooled ones would record every getByte.
            ByteBuf frame = Unpooled.wrappedBuffer(input);
            int code = scanner.scan(frame, envelope);
            frame.release();
            byte[] failing = input;
            assertEquals(expected, code != ErrorCodes.PARSE_ERROR,
                    () -> HexFormat.of().formatHex(failing) + " " + scanner.errorDetail());
            valid += expected ? 1 : 0;
        }
        // The mutations must leave a fair share valid, or the test would only probe rejection.
        assertTrue(valid > ROUNDS / 20, "valid inputs: " + valid);
    }
}
