package dev.tachyon.server.hostile;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.RawHttpResponse;
import dev.tachyon.server.connection.ConnectionCloses;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every wait of an HTTP connection ends: silent sockets, headers trickled byte by byte, a body
 * shorter than its Content-Length, a chunked body trickled without end, a keep-alive connection
 * left silent, a client that does not read its answers. Each is closed within its timeout and
 * gives its place under {@code limits.max-connections} back, so that TCP clients locked out
 * while a few hundred such sockets held every place get in once the timeouts fire. Open SSE
 * streams and slow answers are not idle and stay. A good TCP client keeps its latency, and
 * memory returns.
 */
@ExtendWith(HostileSuite.class)
class HostileHttpTimeoutsTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration STALL_TIMEOUT = Duration.ofMillis(1000);
    /** Attacker sockets per round: with the good client they hold every place. */
    private static final int SOCKETS = 300;
    private static final InetAddress ATTACKER = Loopback.address(1);
    private static final InetAddress GOOD = Loopback.address(2);
    private static final InetAddress OTHER = Loopback.address(3);
    private static final String BIG = "x".repeat(64 * 1024);
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0)
                        .headerTimeout(HEADER_TIMEOUT).bodyTimeout(BODY_TIMEOUT).build())
                .idleTimeout(IDLE_TIMEOUT).writeStallTimeout(STALL_TIMEOUT)
                .maxConnections(SOCKETS + 1)
                .tool(Tool.builder("big").description("Answers 64 KiB").inline((call, result) -> result.text(BIG)).build())
                .tool(Tool.builder("slow").description("Answers after 2.5 s").blocking(call -> {
                    Thread.sleep(2_500);
                    return ToolResult.text("slow done");
                }).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void slowAndSilentSocketsAreClosedInTimeAndGiveTheirPlacesBack() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress(), GOOD);
        ConnectionCloses closes = ServerInternals.connectionBudgets(server).closes();
        try {
            for (int round = 0; round < 2; round++) {
                long headerBefore = closes.count(ConnectionCloses.Reason.HEADER_TIMEOUT);
                long bodyBefore = closes.count(ConnectionCloses.Reason.BODY_TIMEOUT);
                List<RawHttpConnection> silent = new ArrayList<>();
                List<RawHttpConnection> trickling = new ArrayList<>();
                List<RawHttpConnection> shortBody = new ArrayList<>();
                List<RawHttpConnection> endlessChunked = new ArrayList<>();
                long started = System.nanoTime();
                for (int i = 0; i < SOCKETS; i++) {
                    RawHttpConnection wire = new RawHttpConnection(server.httpAddress(), ATTACKER, 0);
                    switch (i % 4) {
                        case 0 -> silent.add(wire);
                        case 1 -> trickling.add(wire.write("P"));
                        case 2 -> shortBody.add(wire.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\""));
                        default -> endlessChunked.add(wire.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
                    }
                }
                List<RawHttpConnection> all = new ArrayList<>();
                all.addAll(silent);
                all.addAll(trickling);
                all.addAll(shortBody);
                all.addAll(endlessChunked);
                // The trickle: a header byte, a body chunk, every 100 ms, for as long as the server takes them.
                Thread trickle = new Thread(() -> trickle(trickling, endlessChunked), "trickle");
                trickle.start();
                try {
                    Loopback.awaitOpen(server, SOCKETS + 1, HEADER_TIMEOUT.toMillis() / 2); // every place is taken
                    try (Socket locked = connect(server.tcpAddress(), OTHER)) {
                        assertTrue(readLine(locked).contains("\"reason\":\"max-connections\""),
                                "a TCP client is locked out while the attack holds every place");
                    }
                    Loopback.awaitOpen(server, 1, BODY_TIMEOUT.toMillis() + 2_000);
                    long tookMillis = (System.nanoTime() - started) / 1_000_000;
                    assertTrue(tookMillis >= HEADER_TIMEOUT.toMillis(), "closed by the timeouts, not before: " + tookMillis);
                    for (RawHttpConnection wire : all) {
                        assertTrue(wire.closedWithin(500), "every attacking socket is closed");
                    }
                } finally {
                    trickle.interrupt();
                    trickle.join(2_000);
                    for (RawHttpConnection wire : all) {
                        wire.close();
                    }
                }
                assertEquals(headerBefore + silent.size() + trickling.size(),
                        closes.count(ConnectionCloses.Reason.HEADER_TIMEOUT), "silent and trickled heads: header-timeout");
                assertEquals(bodyBefore + shortBody.size() + endlessChunked.size(),
                        closes.count(ConnectionCloses.Reason.BODY_TIMEOUT), "short and endless bodies: body-timeout");
                // The places are back: TCP clients get in and are served.
                for (int i = 0; i < 20; i++) {
                    try (Socket s = connect(server.tcpAddress(), OTHER)) {
                        s.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                                .getBytes(StandardCharsets.UTF_8));
                        assertTrue(readLine(s).contains("\"result\""), "a TCP client is served once the timeouts fired");
                    }
                }
            }
            assertEquals(0, server.connections().refused("max-connections-per-address"));
        } finally {
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    @Test
    void aSilentKeepAliveConnectionIsClosedButStreamsAndSlowAnswersAreNotIdle() throws Exception {
        ConnectionCloses closes = ServerInternals.connectionBudgets(server).closes();
        long idleBefore = closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT);
        try (RawHttpConnection idle = new RawHttpConnection(server.httpAddress());
                RawHttpConnection streamWire = new RawHttpConnection(server.httpAddress());
                RawHttpConnection slowWire = new RawHttpConnection(server.httpAddress())) {
            // One request answered, then silence: closed after the idle timeout.
            idle.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE));
            String session = idle.read().header("mcp-session-id");
            idle.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "Mcp-Session-Id: " + session));
            assertEquals(202, idle.read().status());
            long quietSince = System.nanoTime();
            // The session's GET stream, on its own connection, quiet for over twice the idle timeout.
            streamWire.write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: "
                    + session + "\r\n\r\n");
            assertNotNull(streamWire.readUntil("data:", 2_000), "the stream opens with its priming event");
            // A call answered after 2.5 s, with nothing sent in between.
            slowWire.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}",
                    "Mcp-Session-Id: " + session));

            assertTrue(idle.closedWithin(IDLE_TIMEOUT.toMillis() + 1_500), "the silent keep-alive connection is closed");
            long quietMillis = (System.nanoTime() - quietSince) / 1_000_000;
            assertTrue(quietMillis >= IDLE_TIMEOUT.toMillis() - 50, "not before its idle timeout: " + quietMillis);
            assertEquals(idleBefore + 1, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));

            RawHttpResponse slow = slowWire.read();
            assertEquals(200, slow.status());
            assertTrue(slow.body().contains("slow done"), "an answer slower than the idle timeout still arrives");

            Thread.sleep(IDLE_TIMEOUT.toMillis());
            assertTrue(!streamWire.closedNow(), "an open stream is not idle");
            server.addTool(Tool.builder("late").description("Added while the stream is open")
                    .inline((call, result) -> result.text("late")).build());
            assertNotNull(streamWire.readUntil("list_changed", 2_000), "the quiet stream still delivers");
            server.removeTool("late");
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedAfterTheWriteStall() throws Exception {
        ConnectionCloses closes = ServerInternals.connectionBudgets(server).closes();
        long before = closes.count(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        try (RawHttpConnection wire = new RawHttpConnection(server.httpAddress(), null, 4096)) {
            wire.write(RawHttpConnection.post(RawHttpConnection.INITIALIZE));
            String session = wire.read().header("mcp-session-id");
            wire.write(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "Mcp-Session-Id: " + session));
            assertEquals(202, wire.read().status());
            StringBuilder calls = new StringBuilder();
            for (int i = 0; i < 100; i++) { // 6.4 MB of answers, none of them read
                calls.append(RawHttpConnection.post("{\"jsonrpc\":\"2.0\",\"id\":" + (i + 10)
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"big\"}}", "Mcp-Session-Id: " + session));
            }
            wire.write(calls.toString());
            long deadline = System.currentTimeMillis() + STALL_TIMEOUT.toMillis() + 3_000;
            while (closes.count(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT) == before
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(before + 1, closes.count(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT),
                    "closed for the write stall");
        }
    }

    private static void trickle(List<RawHttpConnection> heads, List<RawHttpConnection> bodies) {
        String head = "OST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        try {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                for (RawHttpConnection w : heads) {
                    send(w, String.valueOf(head.charAt(i % head.length())));
                }
                for (RawHttpConnection w : bodies) {
                    send(w, "1\r\n \r\n");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(RawHttpConnection wire, String text) {
        try {
            wire.write(text);
        } catch (IOException e) {
            // closed by the server: what the test waits for
        }
    }

    private static Socket connect(InetSocketAddress to, InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(to, 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            sb.append((char) b);
        }
        return sb.toString();
    }
}
