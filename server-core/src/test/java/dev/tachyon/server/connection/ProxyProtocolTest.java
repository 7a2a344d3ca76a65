package dev.tachyon.server.connection;

import static dev.tachyon.server.connection.RawSockets.INITIALIZE;
import static dev.tachyon.server.connection.RawSockets.PING;
import static dev.tachyon.server.connection.RawSockets.line;
import static dev.tachyon.server.connection.RawSockets.post;
import static dev.tachyon.server.connection.RawSockets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.RawHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PROXY protocol ({@code tcp.proxy-protocol}, {@code http.proxy-protocol}) over real sockets:
 * the header's client, not the socket's 127.0.0.1, is the one the per-address caps count; v1
 * and v2 are read; a missing, malformed or slow header closes the connection, counted; and a
 * listener without the key takes a PROXY line for what it is, a malformed message.
 */
class ProxyProtocolTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static TachyonServer server;
    private static TachyonServer plain;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).maxSessionsPerAddress(1).build())
                .tcpProxyProtocol(true).httpProxyProtocol(true).proxyHeaderTimeout(HEADER_TIMEOUT)
                .maxConnectionsPerAddress(1)
                .build().start();
        plain = TachyonServer.builder().tcp("127.0.0.1", 0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
        plain.close();
    }

    @Test
    void aV1HeaderNamesTheClientTheCapCounts() throws Exception {
        try (Socket first = connect(server.tcpAddress()); Socket other = connect(server.tcpAddress())) {
            // Both sockets come from 127.0.0.1, which holds a cap of one: only the headers tell them apart.
            send(first, v1("203.0.113.7") + PING + "\n");
            assertTrue(line(first.getInputStream()).contains("\"result\""), "served after its header");
            send(other, v1("203.0.113.8") + PING + "\n");
            assertTrue(line(other.getInputStream()).contains("\"result\""), "another client has its own place");

            long before = server.connections().refused("max-connections-per-address");
            try (Socket again = connect(server.tcpAddress())) {
                send(again, v1("203.0.113.7") + PING + "\n");
                String refusal = line(again.getInputStream());
                assertTrue(refusal.contains("\"code\":-32001") && refusal.contains("max-connections-per-address"),
                        refusal);
                assertClosedWithin(again, Duration.ofSeconds(Linger.SECONDS + 2));
            }
            assertEquals(before + 1, server.connections().refused("max-connections-per-address"));
            send(first, PING + "\n");
            assertTrue(line(first.getInputStream()).contains("\"result\""), "the admitted client never notices");
        }
    }

    @Test
    void aV2BinaryHeaderIsReadAndItsAddressCounted() throws Exception {
        try (Socket first = connect(server.tcpAddress())) {
            send(first, v2("198.51.100.1"), PING + "\n");
            assertTrue(line(first.getInputStream()).contains("\"result\""), "served after a v2 header");
            try (Socket v1 = connect(server.tcpAddress())) {
                send(v1, v1("198.51.100.1") + PING + "\n");
                assertTrue(line(v1.getInputStream()).contains("max-connections-per-address"),
                        "the v2 header's address holds its place");
            }
        }
    }

    @Test
    void unknownAndLocalKeepTheSocketsAddress() throws Exception {
        try (Socket unknown = connect(server.tcpAddress())) {
            send(unknown, "PROXY UNKNOWN\r\n" + PING + "\n");
            assertTrue(line(unknown.getInputStream()).contains("\"result\""), "a health check is served");
            try (Socket local = connect(server.tcpAddress())) {
                send(local, v2Local(), PING + "\n");
                assertTrue(line(local.getInputStream()).contains("max-connections-per-address"),
                        "both counted as the balancer, 127.0.0.1");
            }
        }
    }

    @Test
    void aConnectionWithoutAHeaderIsClosedUnansweredAndCounted() throws Exception {
        long before = closes(ConnectionCloses.Reason.PROXY_PROTOCOL);
        try (Socket s = connect(server.tcpAddress())) {
            // A long first line without a header: over v1's 107 bytes, it cannot be one.
            send(s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "p".repeat(200) + "\"}}\n");
            assertEquals("", readAll(s), "closed without an answer");
        }
        try (Socket s = connect(server.httpAddress())) {
            send(s, post(INITIALIZE));
            assertEquals("", readAll(s), "an HTTP request without a header gets no response");
        }
        try (Socket s = connect(server.tcpAddress())) {
            send(s, "PROXY TCP4 garbage here\r\n" + PING + "\n");
            assertEquals("", readAll(s), "a malformed header is closed");
        }
        awaitCount(ConnectionCloses.Reason.PROXY_PROTOCOL, before + 3);
    }

    /**
     * The decoder tells v1 from v2 only at 12 bytes: a client that sends fewer bytes of
     * something else and waits must not hold its connection until the header deadline.
     */
    @Test
    void aShortFirstLineThatIsNoHeaderIsClosedAtOnce() throws Exception {
        long before = closes(ConnectionCloses.Reason.PROXY_PROTOCOL);
        String[] shapes = {"ping", "{\"a\":1}\n", "PROXX", "\r\n\r\nX", "\u0016\u0003\u0001"};
        for (String shape : shapes) {
            try (Socket s = connect(server.tcpAddress())) {
                send(s, shape);
                long start = System.nanoTime();
                assertEquals("", readAll(s), "closed without an answer");
                long waited = System.nanoTime() - start;
                assertTrue(waited < HEADER_TIMEOUT.toNanos() / 2,
                        "closed at its first wrong byte, not at the deadline: " + waited / 1_000_000 + " ms for " + shape);
            }
        }
        try (Socket s = connect(server.httpAddress())) {
            send(s, "GET /");
            assertEquals("", readAll(s), "an HTTP line where the header belongs is closed too");
        }
        awaitCount(ConnectionCloses.Reason.PROXY_PROTOCOL, before + shapes.length + 1);
    }

    @Test
    void aSlowHeaderIsClosedAfterTheDeadline() throws Exception {
        long before = closes(ConnectionCloses.Reason.PROXY_HEADER_TIMEOUT);
        try (Socket s = connect(server.tcpAddress())) {
            send(s, "PROXY TCP4 203.0"); // and nothing more
            long start = System.nanoTime();
            assertEquals("", readAll(s), "closed without an answer");
            long waited = System.nanoTime() - start;
            assertTrue(waited >= HEADER_TIMEOUT.toNanos() / 2 && waited < Duration.ofSeconds(10).toNanos(),
                    "closed by the deadline: " + waited / 1_000_000 + " ms");
        }
        awaitCount(ConnectionCloses.Reason.PROXY_HEADER_TIMEOUT, before + 1);
    }

    @Test
    void httpSessionsAreCountedByTheHeadersClient() throws Exception {
        try (Socket first = connect(server.httpAddress()); Socket other = connect(server.httpAddress())) {
            send(first, v1("192.0.2.10") + post(INITIALIZE));
            assertEquals(200, RawHttpResponse.read(first.getInputStream()).status());
            send(other, v1("192.0.2.11") + post(INITIALIZE));
            assertEquals(200, RawHttpResponse.read(other.getInputStream()).status(),
                    "a session of its own, though both come from 127.0.0.1");
            send(first, post(INITIALIZE));
            RawHttpResponse refused = RawHttpResponse.read(first.getInputStream());
            assertEquals(503, refused.status());
            assertTrue(refused.body().contains("max-sessions-per-address"), refused.body());
            assertEquals(1, ServerInternals.httpSessionLimit(server).openFrom(InetAddress.getByName("192.0.2.10")));
        }
    }

    @Test
    void withoutTheKeyAProxyLineIsAMalformedMessage() throws Exception {
        try (Socket s = connect(plain.tcpAddress())) {
            send(s, v1("203.0.113.9") + PING + "\n");
            assertTrue(line(s.getInputStream()).contains("\"code\":-32700"), "a parse error, as any bad line");
            assertTrue(line(s.getInputStream()).contains("\"result\""), "and the connection goes on");
        }
    }

    private static String v1(String client) {
        return "PROXY TCP4 " + client + " 127.0.0.1 40000 7800\r\n";
    }

    /** A v2 header (PROXY, TCP over IPv4) naming {@code client}. */
    private static byte[] v2(String client) throws IOException {
        ByteBuffer header = v2Start(0x21, 0x11, 12);
        header.put(InetAddress.getByName(client).getAddress()).put(new byte[] {127, 0, 0, 1})
                .putShort((short) 40000).putShort((short) 7800);
        return header.array();
    }

    /** A v2 LOCAL header: the balancer's own connection, no addresses. */
    private static byte[] v2Local() {
        return v2Start(0x20, 0x00, 0).array();
    }

    private static ByteBuffer v2Start(int versionCommand, int familyProtocol, int length) {
        ByteBuffer header = ByteBuffer.allocate(16 + length);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        return header.put((byte) versionCommand).put((byte) familyProtocol).putShort((short) length);
    }

    private static long closes(ConnectionCloses.Reason reason) {
        return ServerInternals.connectionBudgets(server).closes().count(reason);
    }

    private static void awaitCount(ConnectionCloses.Reason reason, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (closes(reason) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, closes(reason), "counted as " + reason.label());
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Everything until the server closes (a reset counts as the close). */
    private static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            InputStream in = s.getInputStream();
            for (int b; (b = in.read()) >= 0; ) {
                buf.write(b);
            }
        } catch (SocketException reset) {
            // closed with unread input: a reset
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void assertClosedWithin(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        try {
            readAll(s);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + limit, e);
        }
    }
}
