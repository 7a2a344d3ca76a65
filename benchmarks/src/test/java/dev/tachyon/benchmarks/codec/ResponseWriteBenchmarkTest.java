package dev.tachyon.benchmarks.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The response-writing benchmark compares like with like: every writer produces the same message. */
final class ResponseWriteBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {32, 1024})
    void everyWriterProducesTheSameBytes(int textBytes) {
        ResponseWriteBenchmark benchmark = new ResponseWriteBenchmark();
        benchmark.textBytes = textBytes;
        benchmark.setUp(); // throws when the writers disagree
        try {
            int expected = benchmark.tachyon();
            assertEquals(expected, benchmark.jacksonIntoBuffer());
            assertEquals(expected, benchmark.stringThenCopy());
            // {"jsonrpc":"2.0","id":<20 digits>,"result":{"content":[{"type":"text","text":"..."}]}}\n
            assertEquals(93 + textBytes, expected);
        } finally {
            benchmark.tearDown();
        }
    }
}
