package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolMixTest {

    @Test
    void spreadsWeightsEvenlyOverTheCycle() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, ToolMix.spread(List.of(9, 1)));
        assertArrayEquals(new int[] {0, 1, 0, 1}, ToolMix.spread(List.of(2, 2)));
    }

    @Test
    void writesEchoWithThePayloadSize() {
        ToolMix mix = ToolMix.parse("echo", 5, 0);
        assertEquals(",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"abcde\"}}}",
                new String(mix.suffixOf(1), StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class, () -> ToolMix.parse("echo:0", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ToolMix.parse("ec ho", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ToolMix.parse(",", 1, 0));
    }
}
