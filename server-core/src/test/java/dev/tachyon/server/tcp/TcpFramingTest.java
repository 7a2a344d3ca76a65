package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the NDJSON framing over TCP does with bad input: a bad line costs only its own answer,
 * CRLF is accepted, an overlong line closes the connection, one connection's garbage does not
 * reach another. (Lifecycle and the JSON-RPC errors themselves are the engine's:
 * {@code engine/EngineLifecycleTest}, {@code engine/EngineErrorsTest}.)
 */
class TcpFramingTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b).maxFrameBytes(1024));

    private static LineClient connect() throws Exception {
        return new LineClient(SERVER.address());
    }

    @Test
    void malformedJsonIsAParseErrorWithNullIdAndTheConnectionStaysUsable() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"");
            Map<String, Object> error = c.read();
            assertTrue(error.containsKey("id"));
            assertNull(error.get("id"));
            assertEquals(-32700L, errorCode(error));
            c.sendRaw(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}', '\n'});
            assertEquals(-32700L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(2L, c.read().get("id"));
        }
    }

    @Test
    void numbersNoJavaTypeCanHoldStayTextUntilReadNotAClosedConnection() throws Exception {
        try (LineClient c = connect()) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"text\":\"x\",\"n\":1e99999999999}}}");
            Map<String, Object> answer = c.read();
            assertEquals(8L, answer.get("id"));
            assertTrue(answer.containsKey("result"), "echo never reads n: " + answer);
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1e99999999999}}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
            assertEquals(9L, c.read().get("id"), "the connection is still usable");
        }
    }

    @Test
    void crlfLinesAreAccepted() throws Exception {
        try (LineClient c = connect()) {
            c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(1L, c.read().get("id"));
        }
    }

    /**
     * The session handler frames the lines itself: a pipelined burst (CRLF, empty lines, a call
     * whose text makes its line long) sent in pieces of every size from one byte up is answered
     * in order, each line once, the long one reassembled across many reads.
     */
    @Test
    void aPipelinedBurstInPiecesOfAnySizeIsAnsweredInOrder() throws Exception {
        String text = "t".repeat(900);
        String burst = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n\n\r\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"" + text + "\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}\n";
        byte[] bytes = burst.getBytes(StandardCharsets.UTF_8);
        try (LineClient c = connect()) {
            c.initialize("{}");
            for (int piece : new int[] {1, 2, 7, 64, 333, bytes.length}) {
                for (int i = 0; i < bytes.length; i += piece) {
                    c.sendRaw(java.util.Arrays.copyOfRange(bytes, i, Math.min(i + piece, bytes.length)));
                }
                assertEquals(1L, c.read().get("id"), "pieces of " + piece);
                String echo = c.readLine();
                assertTrue(echo.contains("\"id\":2") && echo.contains(text), "pieces of " + piece + ": " + echo);
                assertEquals(3L, c.read().get("id"), "pieces of " + piece);
            }
            assertTrue(c.silentFor(100), "nothing else: empty lines are skipped");
        }
    }

    @Test
    void anOverlongLineGetsOneErrorLineAndTheConnectionCloses() throws Exception {
        try (LineClient c = connect()) {
            byte[] big = new byte[4096];
            java.util.Arrays.fill(big, (byte) 'x');
            c.sendRaw(big);
            Map<String, Object> error = c.read();
            assertEquals(-32600L, errorCode(error));
            assertEquals(Map.of("maxFrameBytes", 1024L), ((Map<?, ?>) error.get("error")).get("data"));
            assertNull(c.readLine());
        }
    }

    @Test
    void otherConnectionsKeepWorkingWhileOneSendsGarbage() throws Exception {
        try (LineClient bad = connect(); LineClient good = connect()) {
            good.initialize("{}");
            for (String garbage : List.of("}", "nul", "{\"a\":tru}", "\"unterminated")) {
                bad.send(garbage);
                assertEquals(-32700L, errorCode(bad.read()));
            }
            good.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(1L, good.read().get("id"));
        }
    }

}
