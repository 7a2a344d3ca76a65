package dev.tachyon.server.http;

import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.McpHttpClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.testing.NdjsonClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every message is scanned once, whatever the transport: the HTTP endpoint's scan (which decides
 * the session and the revision) is the one the engine works with. With one event loop, every
 * scan the server makes happens on the thread an inline tool runs on, so the tool reads that
 * thread's scan count: between two calls, one POST (or one line) arrived, and one scan was made.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpOneScanTest {

    private static TachyonServer server;
    private static URI uri;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TachyonServer.builder()
                .http("127.0.0.1", 0)
                .tcp("127.0.0.1", 0)
                .ioThreads(1) // one loop: the endpoint's and the session's scans count on the same thread
                .drainMillis(500)
                .tool(Tool.builder("scans")
                        .description("Answers how many messages its thread has scanned")
                        .inline((call, result) -> result.text(Long.toString(McpEngine.scansOnThisThread())))
                        .build())
                .build()
                .start();
        uri = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStatefulSessionsPostIsScannedOnce() throws Exception {
        McpHttpClient client = new McpHttpClient(uri);
        String session = client.initialize();
        long first = scans(client.send(client.post(session, McpHttpClient.call(2, "scans", "{}"))));
        long second = scans(client.send(client.post(session, McpHttpClient.call(3, "scans", "{}"))));
        assertEquals(1, second - first, "scans for one POST of a session");
    }

    @Test
    void aStatelessPostIsScannedOnce() throws Exception {
        StatelessHttpClient client = new StatelessHttpClient(uri);
        String call = "\"name\":\"scans\",\"arguments\":{}";
        long first = scans(client.send(client.post("tools/call", call, "{}", "scans")));
        long second = scans(client.send(client.post("tools/call", call, "{}", "scans")));
        assertEquals(1, second - first, "scans for one stateless POST");
    }

    @Test
    void aTcpLineIsScannedOnce() throws Exception {
        try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
            client.initialize("{}");
            long first = scans(client.result("tools/call", "{\"name\":\"scans\"}"));
            long second = scans(client.result("tools/call", "{\"name\":\"scans\"}"));
            assertEquals(1, second - first, "scans for one line");
        }
    }

    private static long scans(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return scans(McpHttpClient.json(response.body().startsWith("{") ? response.body() : dataOf(response.body())));
    }

    @SuppressWarnings("unchecked")
    private static long scans(Map<String, Object> message) {
        Map<String, Object> result = message.containsKey("result") ? (Map<String, Object>) message.get("result") : message;
        List<Map<String, Object>> content = (List<Map<String, Object>>) result.get("content");
        return Long.parseLong((String) content.get(0).get("text"));
    }

    /** The last {@code data:} line of an SSE body: the response. */
    private static String dataOf(String sse) {
        String last = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data:")) {
                last = line.substring(5).strip();
            }
        }
        return last;
    }
}
