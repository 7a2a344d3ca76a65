package dev.tachyon.server.connection;

import static dev.tachyon.server.connection.RawSockets.INITIALIZE;
import static dev.tachyon.server.connection.RawSockets.PING;
import static dev.tachyon.server.connection.RawSockets.line;
import static dev.tachyon.server.connection.RawSockets.post;
import static dev.tachyon.server.connection.RawSockets.send;
import static dev.tachyon.server.testing.Haproxy.hostPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.Haproxy;
import dev.tachyon.server.testing.RawHttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HAProxy (the Debian package {@code haproxy}, listed in {@code .ci/apt-packages}) in
 * front of both listeners: TCP mode with {@code send-proxy-v2} before the TCP listener, HTTP
 * mode with {@code send-proxy} before the Streamable HTTP one. Every connection reaches the
 * server from HAProxy's 127.0.0.1; the clients bind other loopback addresses (127.0.0.2...), and
 * the per-address caps (one each) count those, which only the PROXY header tells.
 */
class HaproxyProxyProtocolTest {

    @TempDir
    static Path dir;
    private static TachyonServer server;
    private static Haproxy haproxy;
    private static InetSocketAddress tcpFront;
    private static InetSocketAddress httpFront;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).maxSessionsPerAddress(1).build())
                .tcpProxyProtocol(true).httpProxyProtocol(true).maxConnectionsPerAddress(1)
                .build().start();
        tcpFront = new InetSocketAddress("127.0.0.1", freePort());
        httpFront = new InetSocketAddress("127.0.0.1", freePort());
        haproxy = Haproxy.start(dir, httpFront, List.of(
                "frontend tcp_in",
                "    mode tcp",
                "    bind " + hostPort(tcpFront),
                "    default_backend tcp_out",
                "backend tcp_out",
                "    mode tcp",
                "    server tachyon " + hostPort(server.tcpAddress()) + " send-proxy-v2",
                "frontend http_in",
                "    mode http",
                "    bind " + hostPort(httpFront),
                "    default_backend http_out",
                "backend http_out",
                "    mode http",
                "    server tachyon " + hostPort(server.httpAddress()) + " send-proxy"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void behindTcpModeWithSendProxyV2EachClientHasItsOwnPlace() throws Exception {
        long before = server.connections().refused("max-connections-per-address");
        try (Socket first = connectFrom("127.0.0.2", tcpFront); Socket other = connectFrom("127.0.0.3", tcpFront)) {
            send(first, PING + "\n");
            assertTrue(line(first.getInputStream()).contains("\"result\""), "served through HAProxy");
            send(other, PING + "\n");
            assertTrue(line(other.getInputStream()).contains("\"result\""),
                    "another client address, though HAProxy's 127.0.0.1 already holds a connection");
            try (Socket again = connectFrom("127.0.0.2", tcpFront)) {
                send(again, PING + "\n");
                String refusal = line(again.getInputStream());
                assertTrue(refusal.contains("\"code\":-32001") && refusal.contains("max-connections-per-address"),
                        refusal);
            }
            assertEquals(before + 1, server.connections().refused("max-connections-per-address"));
            send(first, PING + "\n");
            assertTrue(line(first.getInputStream()).contains("\"result\""), "the first client never notices");
        }
    }

    @Test
    void behindHttpModeWithSendProxyTheSessionCapCountsTheClient() throws Exception {
        try (Socket first = connectFrom("127.0.0.4", httpFront); Socket other = connectFrom("127.0.0.5", httpFront)) {
            send(first, post(INITIALIZE));
            assertEquals(200, RawHttpResponse.read(first.getInputStream()).status());
            send(other, post(INITIALIZE));
            assertEquals(200, RawHttpResponse.read(other.getInputStream()).status(),
                    "another client's session, though both reach the server from HAProxy");
            send(first, post(INITIALIZE));
            RawHttpResponse refused = RawHttpResponse.read(first.getInputStream());
            assertEquals(503, refused.status(), refused.body());
            assertTrue(refused.body().contains("max-sessions-per-address"), refused.body());
            assertEquals(1, ServerInternals.httpSessionLimit(server).openFrom(InetAddress.getByName("127.0.0.4")));
            assertEquals(0, ServerInternals.httpSessionLimit(server).openFrom(InetAddress.getByName("127.0.0.1")),
                    "nothing counted against HAProxy's own address");
        }
    }

    private static Socket connectFrom(String client, InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(client, 0));
        s.connect(to, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
