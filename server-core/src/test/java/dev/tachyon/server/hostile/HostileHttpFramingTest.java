package dev.tachyon.server.hostile;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.testing.RawHttpResponse;
import dev.tachyon.server.connection.ConnectionCloses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests whose framing cannot be trusted (request-smuggling shapes, oversized heads, versions
 * other than HTTP/1.0 and 1.1) get their 4xx/5xx with {@code Connection: close}, then the server
 * closes: a keep-alive client is never left waiting on a connection that reads nothing more,
 * and a request pipelined behind the bad one is not served. A client that half-closes still gets
 * its answers. A good TCP client keeps its latency throughout, and memory returns.
 */
@ExtendWith(HostileSuite.class)
class HostileHttpFramingTest {

    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final String JSON = "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final int ROUNDS = 20;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0).http("127.0.0.1", 0)
                .tool(Tool.builder("slow").description("Answers after 300 ms").blocking(call -> {
                    Thread.sleep(300);
                    return ToolResult.text("slow done");
                }).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each malformed request, and the status it must get. */
    private static Map<String, Integer> shapes() {
        Map<String, Integer> shapes = new LinkedHashMap<>();
        String body = PING;
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: " + body.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
                400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: " + body.length() + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.0\r\n" + HOST + JSON + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: 40, 40\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: +40\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: -1\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Content-Length: abc\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + "Host: evil.example.com\r\n" + JSON + "Content-Length: "
                + body.length() + "\r\n\r\n" + body, 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + JSON + "Content-Length: " + body.length() + "\r\n\r\n" + body, 400);
        shapes.put("GET /mcp HTTP/3.0\r\n" + HOST + "\r\n", 505);
        shapes.put("GET /mcp HTTP/1.2\r\n" + HOST + "\r\n", 505);
        shapes.put("GET /mcp SPDY/3\r\n" + HOST + "\r\n", 400);
        shapes.put("GET /mcp HTTP/1.1\r\n" + HOST + "X-Pad: " + "p".repeat(20 * 1024) + "\r\n\r\n", 431);
        shapes.put("GET /" + "u".repeat(5000) + " HTTP/1.1\r\n" + HOST + "\r\n", 414);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501);
        shapes.put("POST /mcp HTTP/1.0\r\n" + HOST + JSON + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        shapes.put("GET /mcp HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n", 400);
        // Header names are tokens, values hold no control characters but tab, in the head and the trailer.
        for (String name : List.of("X\u0000Pad", "X\rPad", "X(Pad)", "X Pad", "X\"Pad", "X\u007fPad", "X/Pad", "X\u00e9Pad",
                "Mcp-Session\u0000Id", "Content-Lengt\u0000", "Ho\rt", ":")) {
            shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + name + ": 1\r\nContent-Length: " + PING.length()
                    + "\r\n\r\n" + PING, 400);
        }
        for (String value : List.of("a\u0000b", "a\rb", "a\u0001b", "a\u007fb", "a\u001bb")) {
            shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "X-Pad: " + value + "\r\nContent-Length: " + PING.length()
                    + "\r\n\r\n" + PING, 400);
            shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(PING.length()) + "\r\n" + PING + "\r\n0\r\nX-Trailer: " + value + "\r\n\r\n", 400);
        }
        shapes.put("POST /mcp HTTP/1.1\r\n" + HOST + JSON + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(PING.length()) + "\r\n" + PING + "\r\n0\r\nX\u0000Trailer: 1\r\n\r\n", 400);
        return shapes;
    }

    @Test
    void eachMalformedShapeGetsItsStatusThenTheClose() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        ConnectionCloses closes = ServerInternals.connectionBudgets(server).closes();
        long before = closes.count(ConnectionCloses.Reason.MALFORMED_REQUEST)
                + closes.count(ConnectionCloses.Reason.MAX_HEADER_BYTES);
        Map<String, Integer> shapes = shapes();
        try {
            for (int round = 0; round < ROUNDS; round++) { // several rounds: nothing accumulates per bad request
                for (Map.Entry<String, Integer> shape : shapes.entrySet()) {
                    String name = shape.getKey().substring(0, Math.min(160, shape.getKey().length())).replace("\r\n", " | ");
                    try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
                        // A good request pipelined behind the bad one must not be served: nothing after it is trusted.
                        wire.write(shape.getKey() + RawHttpConnection.ping(null, 2));
                        RawHttpResponse r;
                        try {
                            r = wire.read();
                        } catch (java.io.IOException e) {
                            throw new AssertionError("no answer to " + name + " in round " + round, e);
                        }
                        assertEquals(shape.getValue(), r.status(), name + " -> " + r.body());
                        assertEquals("close", r.header("connection"), name);
                        assertTrue(r.body().contains("\"error\""), name + " -> " + r.body());
                        assertTrue(wire.closedWithin(3_000), "the server closes after " + name);
                    }
                }
            }
            assertEquals(before + (long) ROUNDS * shapes.size(), closes.count(ConnectionCloses.Reason.MALFORMED_REQUEST)
                    + closes.count(ConnectionCloses.Reason.MAX_HEADER_BYTES), "each close is counted");
        } finally {
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    @Test
    void aLargeBearerTokenFitsUnderTheHeaderLimit() throws Exception {
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            // 12 KiB of headers: over Netty's 8 KiB default, under http.max-header-bytes (16 KiB).
            wire.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE, "Authorization: Bearer " + "t".repeat(12 * 1024)));
            RawHttpResponse r = wire.read();
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("\"result\""), r.body());
            wire.write(RawHttpConnection.ping(r.header("mcp-session-id"), 2));
            assertEquals(200, wire.read().status(), "the connection goes on");
        }
    }

    @Test
    void aHalfClosingClientGetsEveryAnswerThenTheClose() throws Exception {
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            wire.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE));
            String session = wire.read().header("mcp-session-id");
            wire.write(RawHttpConnection.ping(session, 2) + RawHttpConnection.ping(session, 3) + RawHttpConnection.ping(session, 4));
            wire.shutdownOutput();
            for (int id = 2; id <= 4; id++) {
                RawHttpResponse r = wire.read();
                assertEquals(200, r.status());
                assertTrue(r.body().contains("\"id\":" + id), r.body());
            }
            assertTrue(wire.closedWithin(3_000));
        }
        // Half-closed while a blocking tool is still working on the answer: the answer comes when ready.
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            wire.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE));
            String session = wire.read().header("mcp-session-id");
            wire.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "Mcp-Session-Id: " + session));
            assertEquals(202, wire.read().status());
            wire.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}",
                    "Mcp-Session-Id: " + session));
            wire.shutdownOutput();
            RawHttpResponse r = wire.read();
            assertEquals(200, r.status());
            assertTrue(r.body().contains("slow done"), r.body());
            assertTrue(wire.closedWithin(3_000));
        }
        // Half-closed with nothing asked: nothing to answer, closed at once.
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            wire.shutdownOutput();
            assertTrue(wire.closedWithin(3_000), "nothing asked, nothing to answer: closed");
        }
    }

    @Test
    void connectionCloseRequestsAndHttp10AreStillServed() throws Exception {
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            wire.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE, "Connection: close"));
            RawHttpResponse r = wire.read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(wire.closedWithin(3_000));
        }
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress())) {
            // HTTP/1.0 needs no Host; it is served and closed (no keep-alive asked).
            wire.write("POST /mcp HTTP/1.0\r\n" + JSON + "Content-Length: " + RawHttpConnection.INITIALIZE.length() + "\r\n\r\n"
                    + RawHttpConnection.INITIALIZE);
            assertEquals(200, wire.read().status());
            assertTrue(wire.closedWithin(3_000));
        }
    }
}
