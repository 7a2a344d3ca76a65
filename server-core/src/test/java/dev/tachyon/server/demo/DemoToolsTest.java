package dev.tachyon.server.demo;

import static dev.tachyon.server.testing.TestJson.list;
import static dev.tachyon.server.testing.TestJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestJson;
import dev.tachyon.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo pack over a real TCP connection. The server has a single worker thread, so a
 * {@code sleep} that cancellation failed to interrupt would hold up the next blocking call.
 */
class DemoToolsTest {

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> DemoTools.register(b)
            .settings(EngineSettings.builder().workerThreads(1).build()));

    @Test
    void listsFourToolsWithSchemas() {
        NdjsonClient client = SERVER.initialized("{}");
        List<Object> tools = list(client.result("tools/list", "{}").get("tools"), "tools");
        assertEquals(List.of("echo", "add", "sleep", "payload"), tools.stream().map(t -> map(t, "tool").get("name")).toList());
        for (Object t : tools) {
            Map<String, Object> tool = map(t, "tool");
            assertFalse(((String) tool.get("description")).isEmpty());
            assertEquals("object", map(tool.get("inputSchema"), "inputSchema").get("type"));
        }
        Map<String, Object> add = map(tools.get(1), "add");
        assertEquals(Map.of("type", "object", "properties", Map.of("sum", Map.of("type", "number")),
                "required", List.of("sum")), add.get("outputSchema"));
    }

    @Test
    void echoReturnsTheText() {
        NdjsonClient client = SERVER.initialized("{}");
        String text = "h\u00e9llo \"w\u00f6rld\"\n\ud83d\ude00";
        Map<String, Object> result = call(client, "echo", "{\"text\":" + TestJson.write(text) + "}");
        assertEquals(List.of(Map.of("type", "text", "text", text)), result.get("content"));
        assertFalse(result.containsKey("isError"));
    }

    @Test
    void echoWithoutTextIsAnErrorResult() {
        NdjsonClient client = SERVER.initialized("{}");
        Map<String, Object> result = call(client, "echo", "{}");
        assertEquals(Boolean.TRUE, result.get("isError"));
        assertTrue(text(result).contains("text"), text(result));
    }

    @Test
    void addIntegersExactly() {
        NdjsonClient client = SERVER.initialized("{}");
        Map<String, Object> result = call(client, "add", "{\"a\":2,\"b\":40}");
        assertEquals("42", text(result));
        assertEquals(Map.of("sum", 42L), result.get("structuredContent"));
        Map<String, Object> big = call(client, "add", "{\"a\":9007199254740993,\"b\":1}");
        assertEquals("9007199254740994", text(big));
    }

    @Test
    void addDecimals() {
        NdjsonClient client = SERVER.initialized("{}");
        Map<String, Object> result = call(client, "add", "{\"a\":0.5,\"b\":-2}");
        assertEquals("-1.5", text(result));
        assertEquals(Map.of("sum", -1.5), result.get("structuredContent"));
        assertEquals(Map.of("sum", 3L), call(client, "add", "{\"a\":1.5,\"b\":1.5}").get("structuredContent"));
    }

    @Test
    void addOverflowFallsBackToDoubles() {
        NdjsonClient client = SERVER.initialized("{}");
        Map<String, Object> result = call(client, "add", "{\"a\":9223372036854775807,\"b\":1}");
        assertEquals(9.223372036854775808e18, ((Number) map(result.get("structuredContent"), "sc").get("sum")).doubleValue());
    }

    @Test
    void addRejectsNonNumbersAndInfinity() {
        NdjsonClient client = SERVER.initialized("{}");
        assertEquals(Boolean.TRUE, call(client, "add", "{\"a\":\"1\",\"b\":2}").get("isError"));
        assertEquals(Boolean.TRUE, call(client, "add", "{\"a\":1}").get("isError"));
        assertEquals(Boolean.TRUE, call(client, "add", "{\"a\":1e308,\"b\":1e308}").get("isError"));
    }

    @Test
    void sleepWaitsThenAnswers() {
        NdjsonClient client = SERVER.initialized("{}");
        long start = System.nanoTime();
        assertEquals("slept 100 ms", text(call(client, "sleep", "{\"ms\":100}")));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void sleepRejectsOutOfRange() {
        NdjsonClient client = SERVER.initialized("{}");
        assertEquals(Boolean.TRUE, call(client, "sleep", "{\"ms\":-1}").get("isError"));
        assertEquals(Boolean.TRUE, call(client, "sleep", "{\"ms\":600001}").get("isError"));
        assertEquals(Boolean.TRUE, call(client, "sleep", "{\"ms\":1.5}").get("isError"));
    }

    @Test
    void cancelledSleepStopsAndFreesItsWorker() throws Exception {
        NdjsonClient client = SERVER.initialized("{}");
        long id = client.nextRequestId();
        CompletableFuture<Map<String, Object>> sleeping = client.requestAsync("tools/call",
                "{\"name\":\"sleep\",\"arguments\":{\"ms\":60000}}");
        Thread.sleep(100); // let it start on the only worker
        client.notify("notifications/cancelled", "{\"requestId\":" + id + ",\"reason\":\"test\"}");
        // with the worker still asleep, this would wait a minute
        assertEquals("slept 1 ms", text(call(client, "sleep", "{\"ms\":1}")));
        assertThrows(TimeoutException.class, () -> sleeping.get(100, TimeUnit.MILLISECONDS),
                "a cancelled request gets no answer");
    }

    @Test
    void payloadIsExactlyTheRequestedBytes() {
        NdjsonClient client = SERVER.initialized("{}");
        assertEquals("", text(call(client, "payload", "{\"bytes\":0}")));
        String small = text(call(client, "payload", "{\"bytes\":100}"));
        assertEquals(100, small.length());
        assertTrue(small.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\'), small);
    }

    /**
     * A mebibyte and a bit, not the full 16 MiB: under the PARANOID leak detector every
     * single-byte write records an access trace, so encoding 16 MiB takes half a minute here
     * (tens of milliseconds without it). The limit itself is checked below.
     */
    @Test
    void payloadOfAMebibyteAndABit() {
        NdjsonClient client = SERVER.initialized("{}").timeout(Duration.ofSeconds(30));
        String text = text(call(client, "payload", "{\"bytes\":1048583}"));
        assertEquals(1048583, text.length());
        assertEquals(DemoTools.AsciiPattern.ALPHABET, text.substring(64, 128));
        assertEquals(new DemoTools.AsciiPattern(1048583).toString(), text);
    }

    @Test
    void payloadAboveTheLimitIsAnErrorResult() {
        NdjsonClient client = SERVER.initialized("{}");
        assertEquals(Boolean.TRUE, call(client, "payload", "{\"bytes\":16777217}").get("isError"));
        assertEquals(Boolean.TRUE, call(client, "payload", "{\"bytes\":-5}").get("isError"));
    }

    @Test
    void asciiPatternSubSequences() {
        CharSequence pattern = new DemoTools.AsciiPattern(130);
        assertEquals(pattern.toString().substring(60, 70), pattern.subSequence(60, 70).toString());
        assertEquals(pattern.toString().substring(65), pattern.subSequence(65, 130).toString());
        assertThrows(IndexOutOfBoundsException.class, () -> pattern.charAt(130));
    }

    private static Map<String, Object> call(NdjsonClient client, String tool, String argumentsJson) {
        return client.result("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}");
    }

    private static String text(Map<String, Object> result) {
        return (String) map(list(result.get("content"), "content").get(0), "item").get("text");
    }
}
