package dev.tachyon.server.connection;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.TestJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code limits.max-connections} is one cap over TCP and HTTP together; each refuses in its own framing. */
class ConnectionCapTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0).http("127.0.0.1", 0).admin("127.0.0.1", 0)
                .maxConnections(2).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theConnectionOverTheCapIsRefusedOnEitherTransportAndTheOthersKeepWorking() throws Exception {
        try (Socket tcp = connect(server.tcpAddress()); Socket http = connect(server.httpAddress())) {
            tcp.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(readLine(tcp.getInputStream()).contains("\"result\""), "the first connection is served");
            assertTrue(http.isConnected());
            awaitOpen(2);

            // Over the cap on HTTP: a 503 whose body is a JSON-RPC error, Retry-After, then the close.
            try (Socket refused = connect(server.httpAddress())) {
                refused.getOutputStream().write(post(PING).getBytes(StandardCharsets.UTF_8));
                String response = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 503 "), response);
                assertTrue(response.contains("\r\nRetry-After: 1\r\n"), response);
                assertTrue(response.contains("\r\nConnection: close\r\n"), response);
                Map<String, Object> body = TestJson.map(TestJson.read(response.substring(response.indexOf("\r\n\r\n") + 4)
                        .getBytes(StandardCharsets.UTF_8)), "the 503 body");
                Map<?, ?> error = (Map<?, ?>) body.get("error");
                assertEquals(-32001L, error.get("code"));
                assertEquals("max-connections", ((Map<?, ?>) error.get("data")).get("reason"));
                assertEquals(2L, ((Map<?, ?>) error.get("data")).get("limit"));
            }
            // Over the cap on TCP: one error line, then the close.
            try (Socket refused = connect(server.tcpAddress())) {
                refused.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
                String all = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(1, all.split("\n").length, all);
                assertTrue(all.contains("\"code\":-32001") && all.contains("\"max-connections\""), all);
            }
            assertEquals(2, server.connections().refused("max-connections"));
            // The meters the admin endpoint's registry holds (the server's own: no host registry here).
            assertEquals(2.0, meter("tachyon.connections.refused", "reason", "max-connections"));
            assertEquals(2.0, meter("tachyon.connections.open"));
            assertEquals(2.0, meter("tachyon.connections.max"));

            tcp.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(readLine(tcp.getInputStream()).contains("\"result\""), "admitted connections never notice");
        }
        // Places come back once the server has seen the connections go.
        awaitOpen(0);
        try (Socket http = connect(server.httpAddress())) {
            http.getOutputStream().write(post(PING).getBytes(StandardCharsets.UTF_8));
            String status = readLine(http.getInputStream());
            assertTrue(!status.contains(" 503 "), status);
        }
    }

    /** The value of the meter {@code name} with {@code tags}, whatever its kind (gauge or counter). */
    private static double meter(String name, String... tags) {
        return ServerInternals.observability(server).registry().get(name).tags(tags).meter().measure()
                .iterator().next().getValue();
    }

    private static void awaitOpen(int expected) throws InterruptedException {
        for (int i = 0; i < 500 && server.connections().open() != expected; i++) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.connections().open());
    }

    static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    static String post(String body) {
        return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed after " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
