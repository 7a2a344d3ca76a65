package dev.tachyon.server.http;

import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.testing.McpHttpClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.RawHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP, {@code limits.max-connection-memory} bounds the request bodies one connection has
 * queued: reading pauses at the budget and resumes as requests are answered, so a client
 * pipelining far past it is served in full, in order, and the server never holds more.
 */
class HttpConnectionMemoryTest {

    private static final int BUDGET = 64 * 1024;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder()
                .http(HttpSettings.builder().host("127.0.0.1").port(0).maxPipelinedRequests(1000).build())
                .maxConnectionMemory(BUDGET)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pipelinedBodiesFarPastTheBudgetAreAllAnsweredInOrder() throws Exception {
        String host = "127.0.0.1:" + server.httpAddress().getPort();
        String padding = "x".repeat(30 * 1024);
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(RawHttpConnection.postTo(host, HttpTransportTest.INITIALIZE));
            String session = raw.read().header("Mcp-Session-Id");
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= 40; i++) { // 40 x 30 KiB: some 19 times the budget
                batch.append(RawHttpConnection.postTo(host, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\",\"params\":{\"_meta\":"
                        + "{\"padding\":\"" + padding + "\"}}}", "Mcp-Session-Id: " + session));
            }
            raw.write(batch.toString());
            for (int i = 1; i <= 40; i++) {
                RawHttpResponse r = raw.read();
                assertEquals(200, r.status(), r.body());
                assertEquals((long) i, McpHttpClient.json(r.body()).get("id"));
            }
        }
    }
}
