package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TcpConnectionLimitTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b).maxConnections(2));

    @Test
    void theConnectionOverTheCapGetsOneErrorLineAndTheOthersKeepWorking() throws Exception {
        try (LineClient first = new LineClient(SERVER.address());
                LineClient second = new LineClient(SERVER.address())) {
            first.initialize("{}");
            second.initialize("{}");
            try (LineClient third = new LineClient(SERVER.address())) {
                Map<String, Object> refused = third.read();
                assertEquals(-32001L, errorCode(refused));
                assertEquals("max-connections", ((Map<?, ?>) ((Map<?, ?>) refused.get("error")).get("data")).get("reason"));
                assertNull(third.readLine(), "then closed");
            }
            first.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(1L, first.read().get("id"));
        }
        // Both closed: capacity comes back once the server has seen them go.
        for (int attempt = 0; ; attempt++) {
            try (LineClient again = new LineClient(SERVER.address())) {
                again.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
                Map<String, Object> answer = again.read();
                if (answer.containsKey("result") || attempt == 50) {
                    assertEquals(2L, answer.get("id"));
                    return;
                }
            }
            Thread.sleep(20);
        }
    }
}
