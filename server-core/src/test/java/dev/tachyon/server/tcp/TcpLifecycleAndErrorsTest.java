package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle, version negotiation and every JSON-RPC error, over a real TCP socket. */
class TcpLifecycleAndErrorsTest {

    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.builder().maxFrameBytes(1024).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LineClient connect() throws Exception {
        return new LineClient(server.tcpAddress());
    }

    @Test
    void initializeEchoesASupportedVersionAndDeclaresCapabilities() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            Map<String, Object> result = result(c.read());
            assertEquals("2025-06-18", result.get("protocolVersion"));
            Map<?, ?> caps = (Map<?, ?>) result.get("capabilities");
            assertEquals(Map.of("listChanged", true), caps.get("tools"));
            assertEquals(Map.of("subscribe", true, "listChanged", true), caps.get("resources"));
            assertEquals(Map.of("name", "tachyon", "version", "0.1.0"), result.get("serverInfo"));
        }
    }

    @Test
    void anUnsupportedVersionIsAnsweredWithTheNewest() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"1999-01-01\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            assertEquals("2025-11-25", result(c.read()).get("protocolVersion"));
        }
    }

    @Test
    void requestsBeforeInitializeAreRefusedButPingIsAllowed() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            assertEquals(-32000L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            Map<String, Object> pong = c.read();
            assertEquals(2L, pong.get("id"));
            assertEquals(Map.of(), pong.get("result"));
        }
    }

    @Test
    void aSecondInitializeIsAnInvalidRequest() throws Exception {
        try (LineClient c = connect()) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
            assertEquals(-32600L, errorCode(c.read()));
        }
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
    void invalidRequestsEchoTheirIdWhenTheyHaveOne() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}");
            Map<String, Object> error = c.read();
            assertEquals(5L, error.get("id"));
            assertEquals(-32600L, errorCode(error));
            c.send("{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"ping\"}");
            assertEquals(-32600L, errorCode(c.read()));
            c.send("[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}]");
            Map<String, Object> batch = c.read();
            assertEquals(-32600L, errorCode(batch));
            assertNull(batch.get("id"));
        }
    }

    @Test
    void idsComeBackByteIdentical() throws Exception {
        try (LineClient c = connect()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"ping\"}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"result\":{}}", c.readLine());
            c.send("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\u00e9\",\"method\":\"ping\"}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\u00e9\",\"result\":{}}", c.readLine());
        }
    }

    @Test
    void unknownMethodsAreMethodNotFoundAndUnknownNotificationsAreIgnored() throws Exception {
        try (LineClient c = connect()) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/frobnicate\"}");
            Map<String, Object> error = c.read();
            assertEquals(3L, error.get("id"));
            assertEquals(-32601L, errorCode(error));
            assertEquals(Map.of("method", "tools/frobnicate"), ((Map<?, ?>) error.get("error")).get("data"));
        }
    }

    @Test
    void paramsThatAreNotAnObjectAreInvalidParams() throws Exception {
        try (LineClient c = connect()) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":[1,2]}");
            assertEquals(-32602L, errorCode(c.read()));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":42}}");
            assertEquals(-32602L, errorCode(c.read()));
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
