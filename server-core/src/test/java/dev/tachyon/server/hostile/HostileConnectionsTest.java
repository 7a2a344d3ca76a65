package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One client address cannot take every connection place: {@code limits.max-connections-per-address}
 * refuses its connections beyond the cap on TCP and HTTP alike, while a client from another
 * address connects and is served, and the per-address counts are let go with the connections.
 */
@ExtendWith(HostileSuite.class)
class HostileConnectionsTest {

    private static final int MAX = 120;
    private static final int PER_ADDRESS = 40;
    private static final InetAddress ATTACKER = Loopback.address(1);
    private static final InetAddress GOOD = Loopback.address(2);
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0).http("127.0.0.1", 0)
                .maxConnections(MAX).maxConnectionsPerAddress(PER_ADDRESS).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oneAddressHoldingItsCapDoesNotLockOthersOut() throws Exception {
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress(), GOOD);
        List<Socket> held = new ArrayList<>();
        try {
            // Shape 1: silent sockets, half over TCP, half over HTTP, three times the cap.
            int refusedTcp = 0;
            int refusedHttp = 0;
            Loopback.awaitOpen(server, 1, 5_000);
            long before = server.connections().decided();
            for (int i = 0; i < 3 * PER_ADDRESS; i++) {
                boolean tcp = i % 2 == 0;
                Socket s = connect(tcp ? server.tcpAddress() : server.httpAddress(), ATTACKER);
                held.add(s);
            }
            Loopback.awaitDecided(server, before + 3 * PER_ADDRESS, 10_000);
            Loopback.awaitOpen(server, PER_ADDRESS + 1, 5_000);
            for (Socket s : held) {
                s.setSoTimeout(200);
                String seen = readSome(s);
                if (seen.contains("max-connections-per-address")) {
                    if (s.getPort() == server.tcpAddress().getPort()) {
                        assertTrue(seen.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001"), seen);
                        refusedTcp++;
                    } else {
                        assertTrue(seen.startsWith("HTTP/1.1 503 "), seen);
                        refusedHttp++;
                    }
                }
            }
            assertEquals(2 * PER_ADDRESS, refusedTcp + refusedHttp, "every connection past the address's cap is refused");
            assertTrue(refusedTcp > 0 && refusedHttp > 0, "both transports refuse: tcp " + refusedTcp + ", http " + refusedHttp);
            assertEquals(2 * PER_ADDRESS, server.connections().refused("max-connections-per-address"));

            // Another address still gets in, on either transport, while the attacker holds its cap.
            try (Socket other = connect(server.tcpAddress(), Loopback.address(3))) {
                other.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
                other.setSoTimeout(5_000);
                assertTrue(readSome(other).contains("\"result\""), "a client of another address is served");
            }

            // Shape 2: churn. Connect and drop as fast as possible; nothing is left behind.
            closeAll(held);
            Loopback.awaitOpen(server, 1, 5_000);
            long decided = server.connections().decided();
            for (int i = 0; i < 2_000; i++) {
                connect(i % 2 == 0 ? server.tcpAddress() : server.httpAddress(), ATTACKER).close();
            }
            Loopback.awaitDecided(server, decided + 2_000, 10_000);
            Loopback.awaitOpen(server, 1, 5_000);
            assertEquals(1, server.connections().addresses(), "only the good client's address is counted");

            // Shape 3: the cap is a place count, not a ban: after the churn the attacker gets its places again.
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(connect(server.tcpAddress(), ATTACKER));
            }
            Loopback.awaitOpen(server, PER_ADDRESS + 1, 5_000);
            closeAll(held);
            Loopback.awaitOpen(server, 1, 5_000);
        } finally {
            closeAll(held);
            good.stop().assertHealthy();
        }
        baseline.assertReturned();
    }

    private static Socket connect(InetSocketAddress to, InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(to, 5_000);
        return s;
    }

    private static String readSome(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
            return ""; // admitted, and silent as we are
        }
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }
}
