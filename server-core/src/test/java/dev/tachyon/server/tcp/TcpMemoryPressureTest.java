package dev.tachyon.server.tcp;

import static dev.tachyon.server.tcp.TcpLifecycleAndErrorsTest.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.memory.MemoryPressure;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Over the memory watermarks new requests, then new connections, are refused; below them all is normal again. */
class TcpMemoryPressureTest {

    private static volatile double fill;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.builder().memoryPressure(new MemoryPressure(0.5, 0.6, 0.7, () -> fill)).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void fillTo(double value, int expectedLevel) throws InterruptedException {
        fill = value;
        while (ServerInternals.engine(server).memory().level() != expectedLevel) {
            Thread.sleep(10); // the server samples every 100 ms
        }
    }

    @Test
    void requestsThenConnectionsAreRefusedUnderMemoryPressure() throws Exception {
        try (LineConnection c = new LineConnection(server.tcpAddress())) {
            c.initialize("{}");
            fillTo(0.65, MemoryPressure.REJECT);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}");
            Map<String, Object> refused = c.read();
            assertEquals(-32001L, errorCode(refused));
            assertEquals("memory", ((Map<?, ?>) ((Map<?, ?>) refused.get("error")).get("data")).get("reason"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(Map.of(), c.read().get("result"), "ping still answers, so clients can tell slow from dead");

            fillTo(0.75, MemoryPressure.REFUSE);
            try (LineConnection late = new LineConnection(server.tcpAddress())) {
                assertEquals(-32001L, errorCode(late.read()));
                assertNull(late.readLine());
            }

            fillTo(0.1, MemoryPressure.OK);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}");
            Map<String, Object> answered = c.read();
            assertEquals(3L, answered.get("id"));
            assertNull(answered.get("error"));
        }
    }
}
