package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idle SSE streams get {@code : keep-alive} comment lines every {@code sse-keepalive-interval},
 * GET streams and {@code subscriptions/listen} streams alike, and none once the stream has ended.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSseKeepAliveTest {

    private static final String KEEP_ALIVE = ": keep-alive";

    @RegisterExtension
    static final TestServer server = HttpTools.server(HttpSettings.builder()
            .sseKeepaliveInterval(Duration.ofMillis(200)));

    @Test
    void anIdleGetStreamGetsKeepAlivesUntilItEnds() throws Exception {
        McpHttpClient client = server.httpClient();
        String session = client.initialize();
        try (Socket socket = new Socket(server.httpAddress().getAddress(), server.httpAddress().getPort())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            long start = System.nanoTime();
            int keepAlives = 0;
            while (keepAlives < 3) {
                if (KEEP_ALIVE.equals(in.readLine())) {
                    keepAlives++;
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsed >= 500 && elapsed < 2000, "3 keep-alives at 200 ms took " + elapsed + " ms");

            assertEquals(200, client.send(client.delete(session)).statusCode()); // ends the stream
            for (String line = in.readLine(); !"0".equals(line); line = in.readLine()) {
                assertTrue(line != null, "the stream did not end");
            }
            assertEquals("", in.readLine()); // the end of the chunked body; the connection stays open
            socket.setSoTimeout(700);
            assertThrows(SocketTimeoutException.class, in::readLine, "nothing after the stream's end");
        }
    }

    @Test
    void anIdleListenStreamGetsKeepAlives() throws Exception {
        StatelessHttpClient client = new StatelessHttpClient(server.httpClient().uri());
        HttpResponse<InputStream> listen = client.stream(client.post("subscriptions/listen",
                "\"notifications\":{\"toolsListChanged\":true}", "{}", null));
        assertEquals(200, listen.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(listen.body(), StandardCharsets.UTF_8))) {
            assertTrue(in.readLine().contains("notifications/subscriptions/acknowledged"));
            int keepAlives = 0;
            while (keepAlives < 2) {
                if (KEEP_ALIVE.equals(in.readLine())) {
                    keepAlives++;
                }
            }
        }
    }
}
