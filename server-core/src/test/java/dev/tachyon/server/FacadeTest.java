package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.lifecycle.ServerState;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the facade gives embedders instead of engine plumbing: stdio as an option, connection counts. */
class FacadeTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n";

    @Test
    @Timeout(30)
    void stdioServesOneSessionAndTheServerClosesWhenItsInputEnds() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(client, 64 * 1024);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        TachyonServer server = DemoTools.register(TachyonServer.builder().stdio(stdin, stdout)).build().start();
        try {
            assertEquals(ServerState.SERVING, server.state());
            assertEquals(null, server.tcpAddress(), "stdio alone opens no port");
            client.write((INITIALIZE + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\","
                    + "\"arguments\":{\"ms\":200}}}\n").getBytes(StandardCharsets.UTF_8));
            client.close(); // the client hangs up with a call still running
            server.awaitClose();
            assertEquals(ServerState.CLOSED, server.state());
            String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(2, lines.length, stdout.toString(StandardCharsets.UTF_8));
            assertTrue(lines[0].startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"), lines[0]);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slept 200 ms\"}]}}",
                    lines[1], "what was accepted before the input ended is answered");
        } finally {
            server.close();
        }
    }

    @Test
    @Timeout(30)
    void connectionsCountsWhatTheNetworkTransportsHoldAndRefused() throws Exception {
        try (TachyonServer server = TachyonServer.builder().tcp("127.0.0.1", 0).maxConnections(1).build().start()) {
            TachyonServer.Connections connections = server.connections();
            assertEquals(0, connections.open());
            try (Socket first = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
                awaitDecided(connections, 1);
                assertTrue(first.isConnected());
                assertEquals(1, connections.open());
                assertEquals(1, connections.addresses());
                try (Socket second = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
                    second.setSoTimeout(10_000);
                    assertTrue(second.getInputStream().read() >= 0, "the refused connection is told why");
                    awaitDecided(connections, 2);
                }
                assertEquals(1, connections.refused("max-connections"));
                assertEquals(0, connections.refused("max-connections-per-address"));
                assertEquals(0, connections.refused("memory"));
            }
            assertThrows(IllegalArgumentException.class, () -> connections.refused("no-such-reason"));
        }
    }

    private static void awaitDecided(TachyonServer.Connections connections, long decided) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.decided() < decided && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(decided, connections.decided());
    }
}
