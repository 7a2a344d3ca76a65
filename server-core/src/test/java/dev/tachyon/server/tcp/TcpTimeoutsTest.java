package dev.tachyon.server.tcp;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idle connections are closed, busy ones are not, and a client that stops reading is let go. */
class TcpTimeoutsTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b)
                .idleTimeout(Duration.ofMillis(400))
                .writeStallTimeout(Duration.ofMillis(500)));

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            assertNull(c.readLine(), "closed by the server after the idle timeout");
        }
        assertTrue(ServerInternals.connectionBudgets(SERVER.server()).closes().count(
                dev.tachyon.server.connection.ConnectionCloses.Reason.IDLE_TIMEOUT) > 0, "counted by its limit");
    }

    @Test
    void aConnectionWaitingForAnAnswerIsNotIdle() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":1000}}}");
            assertEquals(1L, c.read().get("id"), "answered although nothing moved for longer than the idle timeout");
        }
    }

    @Test
    void aConnectionWithAnOpenListenStreamIsNotIdle() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":"
                    + dev.tachyon.server.testing.StatelessMeta.params("\"notifications\":{\"toolsListChanged\":true}") + "}");
            assertEquals("notifications/subscriptions/acknowledged", c.read().get("method"));
            Thread.sleep(1000); // more than twice the idle timeout, in silence
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":"
                    + dev.tachyon.server.testing.StatelessMeta.params("") + "}");
            assertEquals(2L, c.read().get("id"), "still connected: someone was listening");
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnected() throws Exception {
        try (Socket socket = new Socket(SERVER.address().getAddress(), SERVER.address().getPort())) {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            StringBuilder requests = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n");
            for (int i = 1; i <= 40; i++) {
                requests.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                        .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"blob\",\"arguments\":{\"bytes\":1000000}}}\n");
            }
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.UTF_8));
            Thread.sleep(1500); // read nothing for three times the stall timeout
            long received = 0;
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[65536];
            try {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    received += n;
                }
            } catch (SocketException reset) {
                // a reset is also the server letting go
            }
            assertTrue(received < 40L * 1_000_000, "the server stopped producing answers nobody read: " + received);
        }
        assertTrue(ServerInternals.connectionBudgets(SERVER.server()).closes().count(
                dev.tachyon.server.connection.ConnectionCloses.Reason.WRITE_STALL_TIMEOUT) > 0, "counted by its limit");
    }
}
