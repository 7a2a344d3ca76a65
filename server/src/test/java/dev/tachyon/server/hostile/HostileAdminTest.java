package dev.tachyon.server.hostile;

import dev.tachyon.server.observability.PrometheusMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.admin.AdminSettings;
import dev.tachyon.server.testing.NdjsonClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port is not a way in (issue 10, item 10): a DNS-rebinding page's requests (a foreign
 * {@code Host} or {@code Origin}) are 403, {@code /memory?gc=1} is off unless configured and
 * rate-limited when on, admin connections have their own small cap (503 past it) and are closed
 * when idle or slow, and none of it touches the MCP ports, which keep accepting and serving.
 */
@ExtendWith(HostileSuite.class)
class HostileAdminTest {

    private static final int ADMIN_MAX = 6;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PrometheusMetrics.attach(TachyonServer.builder()).tcp("127.0.0.1", 0).http("127.0.0.1", 0).admin("127.0.0.1", 0)
                .adminSettings(AdminSettings.builder().maxConnections(ADMIN_MAX)
                        .idleTimeout(Duration.ofMillis(1_000)).requestTimeout(Duration.ofMillis(1_000)).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static InetSocketAddress admin() {
        return server.adminAddress();
    }

    private static Socket connect(InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.connect(to, 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends one request on a new connection and reads the whole answer (the server closes or the read times out). */
    private static String exchange(String request) throws IOException {
        try (Socket s = connect(admin())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(1_500);
            return readAll(s);
        }
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (seen.indexOf("\r\n\r\n") > 0 && complete(seen)) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // what came is what we have
        }
        return seen.toString();
    }

    private static boolean complete(StringBuilder response) {
        int head = response.indexOf("\r\n\r\n");
        String headers = response.substring(0, head).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return true;
        }
        int end = headers.indexOf("\r\n", at);
        int length = Integer.parseInt(headers.substring(at + 15, end < 0 ? headers.length() : end).trim());
        return response.length() - head - 4 >= length;
    }

    private static String get(String path, String host, String origin) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n");
    }

    /** Whether the server closed {@code s} within {@code millis}: a read sees the end of the stream (or a reset). */
    private static boolean closedWithin(Socket s, long millis) throws IOException {
        s.setSoTimeout((int) millis);
        try {
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[1024];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    private static void assertMcpServes() throws IOException {
        try (NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress())) {
            tcp.initialize("{}");
            assertEquals(Map.of(), tcp.result("ping", null));
        }
    }

    /**
     * Item 15: {@code /health} and {@code /memory} count every network connection, HTTP sockets
     * as well as TCP ones (a few hundred silent HTTP sockets were invisible there).
     */
    @Test
    void healthAndMemoryCountHttpSocketsToo() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (NdjsonClient tcp = NdjsonClient.connect(server.tcpAddress())) {
            tcp.initialize("{}");
            for (int i = 0; i < 5; i++) {
                silent.add(connect(server.httpAddress()));
            }
            long deadline = System.currentTimeMillis() + 5_000;
            Map<String, Object> connections;
            do {
                connections = dev.tachyon.server.testing.TestJson.map(
                        body("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").get("connections"), "connections");
            } while (((Number) connections.get("http")).longValue() < 5 && System.currentTimeMillis() < deadline);
            assertTrue(((Number) connections.get("http")).longValue() >= 5, "silent HTTP sockets counted: " + connections);
            assertTrue(((Number) connections.get("tcp")).longValue() >= 1, String.valueOf(connections));
            assertEquals(((Number) connections.get("total")).longValue(),
                    ((Number) connections.get("tcp")).longValue() + ((Number) connections.get("http")).longValue()
                            + ((Number) connections.getOrDefault("stdio", 0L)).longValue(), String.valueOf(connections));
            Map<String, Object> memory = body("GET /memory HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(((Number) memory.get("connections")).longValue() >= 6, String.valueOf(memory));
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String request) throws IOException {
        String response = exchange(request);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        return (Map<String, Object>) dev.tachyon.api.Json.parse(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void rebindingPagesAreRefusedAndLoopbackNamesServed() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        try {
            int port = admin().getPort();
            // Shape 1: a rebinding page's requests carry its own name in Host, or its origin.
            for (String path : List.of("/metrics", "/health", "/memory", "/memory?gc=1", "/ready")) {
                String foreignHost = get(path, "attacker.example:" + port, null);
                assertTrue(foreignHost.startsWith("HTTP/1.1 403 "), path + ": " + foreignHost);
                assertTrue(!foreignHost.contains("tachyon_"), "nothing of the metrics leaks: " + foreignHost);
                String foreignOrigin = get(path, "127.0.0.1:" + port, "http://attacker.example");
                assertTrue(foreignOrigin.startsWith("HTTP/1.1 403 "), path + ": " + foreignOrigin);
                assertTrue(get(path, "127.0.0.1:" + port, "null").startsWith("HTTP/1.1 403 "), "opaque origin");
            }
            // Loopback names, with or without port or origin, are served.
            assertTrue(get("/health", "localhost:" + port, null).startsWith("HTTP/1.1 200 "));
            assertTrue(get("/metrics", "127.0.0.1", "http://localhost:6274").startsWith("HTTP/1.1 200 "));
            assertTrue(get("/health", "[::1]:" + port, null).startsWith("HTTP/1.1 200 "));

            // Shape 2: /memory?gc=1 is off by default: 403, and no collection runs.
            long collections = collections();
            for (int i = 0; i < 20; i++) {
                assertTrue(get("/memory?gc=1", "127.0.0.1", null).startsWith("HTTP/1.1 403 "));
            }
            assertTrue(collections() - collections < 10, "a gc=1 loop ran no collections (allowed, it would run 40)");
            String plain = get("/memory", "127.0.0.1", null);
            assertTrue(plain.startsWith("HTTP/1.1 200 ") && plain.contains("\"gc\":false"), plain);
            assertMcpServes();
        } finally {
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    @Test
    void whenAllowedGcIsRateLimited() throws Exception {
        TachyonServer allowing = PrometheusMetrics.attach(TachyonServer.builder()).tcp("127.0.0.1", 0).admin("127.0.0.1", 0)
                .adminSettings(AdminSettings.builder().allowGc(true).build()).build().start();
        try {
            InetSocketAddress at = allowing.adminAddress();
            String first = request(at, "/memory?gc=1");
            assertTrue(first.startsWith("HTTP/1.1 200 ") && first.contains("\"gc\":true"), first);
            for (int i = 0; i < 10; i++) {
                String again = request(at, "/memory?gc=1");
                assertTrue(again.startsWith("HTTP/1.1 429 "), again);
                assertTrue(again.toLowerCase(java.util.Locale.ROOT).contains("retry-after: "), again);
            }
        } finally {
            allowing.close();
        }
    }

    private static String request(InetSocketAddress at, String path) throws IOException {
        try (Socket s = connect(at)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return readAll(s);
        }
    }

    @Test
    void idleAndSlowAdminSocketsAreCappedAndClosedWhileMcpPortsKeepAccepting() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        List<Socket> held = new ArrayList<>();
        try {
            // Shape 3: silent admin sockets up to the cap, then more: those get 503 at once.
            for (int i = 0; i < ADMIN_MAX; i++) {
                held.add(connect(admin()));
            }
            int mcpOpen = server.connections().open();
            for (int i = 0; i < 4; i++) {
                try (Socket extra = connect(admin())) {
                    extra.setSoTimeout(2_000);
                    String refused = readAll(extra);
                    assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
                    assertTrue(refused.contains("\"reason\":\"max-connections\""), refused);
                }
            }
            assertEquals(mcpOpen, server.connections().open(), "admin sockets are not in the MCP count");
            assertMcpServes(); // the MCP ports keep accepting while the admin port is full
            try (Socket http = connect(server.httpAddress())) {
                http.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = readAll(http);
                assertTrue(answer.startsWith("HTTP/1.1 "), answer);
                assertTrue(!answer.startsWith("HTTP/1.1 503 "), "the HTTP port accepts: " + answer);
            }

            // Shape 4: the idle ones are closed after the idle timeout, and their places come back.
            for (Socket s : held) {
                assertTrue(closedWithin(s, 3_000), "an idle admin socket was closed");
            }
            closeAll(held);
            assertTrue(get("/health", "127.0.0.1", null).startsWith("HTTP/1.1 200 "), "places given back");

            // Shape 5: slowloris, one header byte every 200 ms: closed by the request timeout although never idle.
            try (Socket slow = connect(admin())) {
                byte[] request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
                long start = System.nanoTime();
                boolean cut = false;
                for (int i = 0; i < request.length && !cut; i++) {
                    try {
                        slow.getOutputStream().write(request[i]);
                        slow.getOutputStream().flush();
                    } catch (IOException e) {
                        cut = true;
                        break;
                    }
                    cut = closedWithin(slow, 200);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(cut, "a slow sender was cut off");
                assertTrue(millis < 3_000, "cut off after " + millis + " ms");
            }

            // Shape 6: a keep-alive client is served several requests, then closed once idle.
            try (Socket keep = connect(admin())) {
                for (int i = 0; i < 3; i++) {
                    keep.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(readAll(keep).startsWith("HTTP/1.1 200 "));
                }
                assertTrue(closedWithin(keep, 3_000), "closed once idle");
            }
            assertMcpServes();
        } finally {
            closeAll(held);
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    private static long collections() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean bean : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, bean.getCollectionCount());
        }
        return n;
    }
}
