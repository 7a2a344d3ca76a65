package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Large tool results go to the socket in parts while they are written (TCP; stdio shares the
 * NDJSON handler): the line arrives whole and correct, its first bytes while the handler still
 * runs; a result that outgrows {@code limits.max-response-bytes} after parts have left, or whose
 * handler fails then, closes the connection (the line is cut short), while one refused before
 * anything left is answered with {@code -32603} as before.
 */
class TcpStreamedResultsTest {

    private static final int LIMIT = 1024 * 1024;
    /** The chars of a long text written per part (ResponseStream.PART_BYTES). */
    private static final int PART_CHARS = 64 * 1024;
    /** What the client has read, in bytes, while {@code "wait-for-client"} runs. */
    private static final AtomicLong READ = new AtomicLong();
    private static final CountDownLatch HALF_READ = new CountDownLatch(1);

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> b
            .settings(EngineSettings.builder().maxResponseBytes(LIMIT).build())
            .tool(Tool.builder("echo").description("echoes its text")
                    .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                    .inline((call, out) -> out.text(call.arguments().text("text"))).build())
            .tool(Tool.builder("texts").description("n texts of m chars: a pattern with a surrogate pair every 1000")
                    .inputSchema("{\"type\":\"object\"}")
                    .inline((call, out) -> {
                        int n = (int) call.arguments().integer("n");
                        for (int i = 0; i < n; i++) {
                            out.text(pattern((int) call.arguments().integer("m"), i));
                        }
                        if (call.arguments().has("fail")) {
                            throw new IllegalStateException("fails after its parts left");
                        }
                    }).build())
            .tool(Tool.builder("blocking-texts").description("as texts, from a worker")
                    .inputSchema("{\"type\":\"object\"}")
                    .blocking(call -> ToolResult.text(pattern((int) call.arguments().integer("m"), 7))).build())
            .tool(Tool.builder("wait-for-client").description("a large text, then waits for the client to read part of it")
                    .inputSchema("{\"type\":\"object\"}")
                    .inline((call, out) -> {
                        out.text("z".repeat(LIMIT / 2));
                        boolean arrived;
                        try {
                            arrived = HALF_READ.await(10, TimeUnit.SECONDS); // bounded: a failure, not a hang
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            arrived = false;
                        }
                        out.text("read while running: " + arrived);
                    }).build()));

    @Test
    void largeResultsArriveWholeAndInOrderWithThePipelinedCallsAroundThem() throws Exception {
        try (LineClient c = LineClient.initialized(SERVER.address(), "{}")) {
            String big = "e".repeat(300_000);
            // Not plain ASCII, so decoded to a String and written in parts: a surrogate pair across the first part's end.
            String split = "x".repeat(PART_CHARS - 1) + "\uD83D\uDE00" + "\u00e9".repeat(1000);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                    + big + "\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"texts\",\"arguments\":{\"n\":3,\"m\":200000}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                    + split + "\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"blocking-texts\",\"arguments\":{\"m\":400000}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", c.readLine());
            assertEquals(List.of(big), texts(c.read(), 2)); // a text read in place: sent as a slice of the request
            assertEquals(List.of(pattern(200_000, 0), pattern(200_000, 1), pattern(200_000, 2)), texts(c.read(), 3));
            assertEquals(List.of(split), texts(c.read(), 4));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}", c.readLine()); // the worker's answer comes later
            assertEquals(List.of(pattern(400_000, 7)), texts(c.read(), 5));
        }
    }

    @Test
    void thePartsLeaveWhileTheHandlerStillRuns() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", SERVER.address().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"s\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"wait-for-client\",\"arguments\":{}}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            int lines = 0;
            while (lines < 2) {
                int n = in.read(chunk);
                assertTrue(n > 0, "the connection ended early");
                all.write(chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    lines += chunk[i] == '\n' ? 1 : 0;
                }
                if (READ.addAndGet(n) >= LIMIT / 8) { // some of it: what the socket took before the handler went on waiting
                    HALF_READ.countDown();
                }
            }
            String answer = all.toString(StandardCharsets.UTF_8).split("\n")[1];
            List<String> texts = texts(LineClient.parseObject(answer), 1);
            assertEquals("read while running: true", texts.get(1), "the first part arrived before the handler ended");
            assertEquals("z".repeat(LIMIT / 2), texts.get(0));
        }
    }

    @Test
    void aResultThatOutgrowsTheBoundAfterPartsLeftClosesTheConnection() throws Exception {
        try (LineClient c = LineClient.initialized(SERVER.address(), "{}")) {
            c.request(1, "tools/call", "{\"name\":\"texts\",\"arguments\":{\"n\":6,\"m\":200000}}");
            assertCutShort(c, 1);
        }
    }

    @Test
    void aHandlerThatFailsAfterPartsLeftClosesTheConnection() throws Exception {
        try (LineClient c = LineClient.initialized(SERVER.address(), "{}")) {
            c.request(1, "tools/call", "{\"name\":\"texts\",\"arguments\":{\"n\":2,\"m\":100000,\"fail\":true}}");
            assertCutShort(c, 1);
        }
    }

    @Test
    void aTextOverTheBoundByItselfIsRefusedBeforeAnythingLeavesAndTheConnectionStays() throws Exception {
        try (LineClient c = LineClient.initialized(SERVER.address(), "{}")) {
            Map<String, Object> refused = c.call(1, "tools/call", "{\"name\":\"texts\",\"arguments\":{\"n\":1,\"m\":" + (LIMIT + 1) + "}}");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) refused.get("error");
            assertEquals(-32603L, error.get("code"), refused.toString());
            assertTrue(error.get("data").toString().contains("response-too-large"), refused.toString());
            assertTrue(c.call(2, "ping", null).containsKey("result"), "the connection still serves");
        }
    }

    private static void assertCutShort(LineClient c, long id) throws Exception {
        String cut = c.readLine();
        assertTrue(cut.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\""),
                cut.substring(0, Math.min(80, cut.length())));
        assertTrue(cut.length() >= 64 * 1024 && cut.length() <= LIMIT, "parts left, within the bound: " + cut.length());
        assertFalse(cut.endsWith("}"), "the line is cut short");
        assertNull(c.readLine(), "then the connection is closed");
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Map<String, Object> answer, long id) {
        assertEquals(id, answer.get("id"), () -> answer.toString().substring(0, 200));
        List<Map<String, Object>> content = (List<Map<String, Object>>) result(answer).get("content");
        return content.stream().map(item -> (String) item.get("text")).toList();
    }

    /** {@code length} chars: a letter per index, with a surrogate pair and a quote now and then (escaped, or split across parts). */
    private static String pattern(int length, int seed) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; text.length() < length; i++) {
            if (i % 1000 == 999 && text.length() + 2 <= length) {
                text.append("\uD83D\uDE00");
            } else if (i % 777 == 0) {
                text.append('"');
            } else {
                text.append((char) ('a' + (i + seed) % 26));
            }
        }
        return text.toString();
    }
}
