package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.errorCode;
import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work off the event loop as a TCP connection sees it: a slow call does not hold back what
 * follows it, pipelined calls are each answered once. (Progress, cancellation and requests to
 * the client are the engine's: {@code engine/EngineToolsTest}.)
 */
class TcpAsyncTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(CATALOG::register);

    private static LineClient session(String capabilities) throws Exception {
        LineClient c = new LineClient(SERVER.address());
        c.initialize(capabilities);
        return c;
    }

    @Test
    void aSlowToolDoesNotHoldBackAPingSentAfterIt() throws Exception {
        try (LineClient c = session("{}")) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":400}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertEquals(2L, c.read().get("id"));
            assertEquals(1L, c.read().get("id"));
        }
    }

    @Test
    void manyPipelinedCallsAreEachAnsweredOnce() throws Exception {
        try (LineClient c = session("{}")) {
            StringBuilder batch = new StringBuilder();
            int n = 500;
            for (int i = 0; i < n; i++) {
                String tool = i % 10 == 0 ? "sleep\",\"arguments\":{\"ms\":1}" : "echo\",\"arguments\":{\"text\":\"" + i + "\"}";
                batch.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                        .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"").append(tool).append("}}\n");
            }
            c.sendRaw(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                int id = ((Long) c.read().get("id")).intValue();
                assertTrue(!seen[id], "answered twice: " + id);
                seen[id] = true;
            }
            assertTrue(c.silentFor(100));
        }
    }

}
