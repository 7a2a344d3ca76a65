package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.memory.MemoryPressure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Over the memory watermarks new requests, then new connections, are refused; below them all is normal again. */
class TcpMemoryPressureTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    private static volatile double fill;
    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b).memoryPressure(new MemoryPressure(0.5, 0.6, 0.7, () -> fill)));

    private static void fillTo(double value, int expectedLevel) throws InterruptedException {
        fill = value;
        while (ServerInternals.engine(SERVER.server()).memory().level() != expectedLevel) {
            Thread.sleep(10); // the server samples every 100 ms
        }
    }

    @Test
    void requestsThenConnectionsAreRefusedUnderMemoryPressure() throws Exception {
        try (LineClient c = new LineClient(SERVER.address())) {
            c.initialize("{}");
            fillTo(0.65, MemoryPressure.REJECT);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}");
            Map<String, Object> refused = c.read();
            assertEquals(-32001L, errorCode(refused));
            assertEquals("memory", ((Map<?, ?>) ((Map<?, ?>) refused.get("error")).get("data")).get("reason"));
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(Map.of(), c.read().get("result"), "ping still answers, so clients can tell slow from dead");

            fillTo(0.75, MemoryPressure.REFUSE);
            try (LineClient late = new LineClient(SERVER.address())) {
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
