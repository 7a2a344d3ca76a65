package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite's yardstick can fail: a server whose only event loop is frozen by another client
 * makes the well-behaved client's report fail its p99 check, and a healthy server passes it.
 */
@ExtendWith(HostileSuite.class)
class GoodClientTest {

    @Test
    void aFrozenEventLoopFailsTheWellBehavedClientsCheck() throws Exception {
        TachyonServer server = TachyonServer.builder()
                .tool(Tool.builder("freeze").description("busy on the event loop for 300 ms")
                        .inline((call, out) -> {
                            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                            while (System.nanoTime() < end) {
                                Thread.onSpinWait();
                            }
                            out.text("thawed");
                        })
                        .build())
                .tcp("127.0.0.1", 0)
                .ioThreads(1)
                .build().start();
        try (Socket attacker = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
            GoodClient good = GoodClient.start(server.tcpAddress());
            Thread.sleep(300);
            OutputStream out = attacker.getOutputStream();
            out.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"a\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= 8; i++) {
                out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"freeze\","
                        + "\"arguments\":{}}}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(200);
            }
            Thread.sleep(400);
            GoodClient.Report report = good.stop();
            assertTrue(report.maxNanos >= TimeUnit.MILLISECONDS.toNanos(100), "a ping waited for the frozen loop: " + report);
            assertThrows(AssertionError.class, report::assertHealthy);
        } finally {
            server.close();
        }
    }

    @Test
    void aQuietServerPassesIt() throws Exception {
        TachyonServer server = TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1).build().start();
        try {
            MemoryBaseline baseline = MemoryBaseline.take();
            GoodClient good = GoodClient.start(server.tcpAddress());
            Thread.sleep(500);
            good.stop().assertHealthy();
            baseline.assertReturned();
        } finally {
            server.close();
        }
    }
}
