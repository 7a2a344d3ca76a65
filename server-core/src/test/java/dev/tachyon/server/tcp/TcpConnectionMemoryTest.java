package dev.tachyon.server.tcp;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code limits.max-connection-memory}: partial input plus unsent output, per connection. */
class TcpConnectionMemoryTest {

    private static final TestCatalog CATALOG = new TestCatalog();

    private static final int BUDGET = 64 * 1024;
    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b)
                .maxConnectionMemory(BUDGET)
                .tool(Tool.builder("blob_blocking").description("n bytes of text, from a worker")
                        .blocking(call -> ToolResult.text("x".repeat((int) call.arguments().integer("bytes"))))
                        .build()));

    @Test
    void requestsOverTheBudgetAreRefusedAndEveryRequestIsAnsweredOnce() throws Exception {
        long refusedBefore = ServerInternals.connectionBudgets(SERVER.server()).refusedRequests();
        try (LineClient client = new LineClient(SERVER.address())) {
            client.initialize("{}");
            // 200 calls in one write, each answered with 16 KiB: answers written in one read
            // batch wait for its flush, so the budget fills after a few of them.
            StringBuilder batch = new StringBuilder();
            for (int id = 1; id <= 200; id++) {
                batch.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                        .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"blob\",\"arguments\":{\"bytes\":16384}}}\n");
            }
            client.sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
            Set<Object> ids = new HashSet<>();
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                Map<String, Object> answer = client.read();
                assertTrue(ids.add(answer.get("id")), "one answer per id: " + answer.get("id"));
                if (answer.containsKey("error")) {
                    Map<?, ?> error = (Map<?, ?>) answer.get("error");
                    assertEquals(-32001L, error.get("code"));
                    Map<?, ?> data = (Map<?, ?>) error.get("data");
                    assertEquals("connection-memory", data.get("reason"));
                    assertEquals((long) BUDGET, data.get("limit"));
                    refused++;
                }
            }
            assertTrue(refused > 0 && refused < 200, "some refused, some served: " + refused);
            assertEquals(refused, ServerInternals.connectionBudgets(SERVER.server()).refusedRequests() - refusedBefore);
            // Once the client has read its answers, the connection is as good as new.
            client.send("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"blob\",\"arguments\":{\"bytes\":16384}}}");
            assertTrue(client.read().containsKey("result"));
        }
    }

    @Test
    void aClientThatLeavesTwiceTheBudgetUnreadIsDisconnected() throws Exception {
        long closedBefore = ServerInternals.connectionBudgets(SERVER.server()).closedConnections();
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(SERVER.address());
            // Accepted at once (nothing unsent yet); their answers come later from the workers
            // and pile up: 100 x 64 KiB, never read.
            StringBuilder batch = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
            for (int id = 1; id <= 100; id++) {
                batch.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"blob_blocking\",\"arguments\":{\"bytes\":65536}}}\n");
            }
            client.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1000 && ServerInternals.connectionBudgets(SERVER.server()).closedConnections() == closedBefore; i++) {
                Thread.sleep(10);
            }
            assertEquals(closedBefore + 1, ServerInternals.connectionBudgets(SERVER.server()).closedConnections());
        }
        try (LineClient other = new LineClient(SERVER.address())) {
            other.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(1L, other.read().get("id"));
        }
    }
}
