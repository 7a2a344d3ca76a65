package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Once the listener stops accepting (a drain), work in flight is still answered, and an open
 * keep-alive connection gets its next answer with {@code Connection: close} and is then closed,
 * so a balancer takes its next request elsewhere instead of racing the final close.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpDrainTest {

    @RegisterExtension
    static final TestServer server = HttpTools.server();

    @Test
    void afterAcceptingStopsAnswersCarryConnectionCloseAndInFlightWorkIsAnswered() throws Exception {
        McpHttpClient client = server.httpClient();
        String session = client.initialize();
        int port = server.httpAddress().getPort();
        try (Socket pooled = new Socket("127.0.0.1", port)) {
            pooled.setSoTimeout(5000);
            assertFalse(ping(pooled, session).contains("connection: close"), "keep-alive while serving");

            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(client.post(session, McpHttpClient.call(5, "sleep", "{\"ms\":800}")));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // running
            Thread closer = new Thread(() -> server.server().close(), "closer");
            closer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (accepts(port)) {
                assertTrue(System.nanoTime() < deadline, "still accepting");
                Thread.sleep(10);
            }

            String answer = ping(pooled, session);
            assertTrue(answer.startsWith("http/1.1 200"), answer);
            assertTrue(answer.contains("connection: close"), answer);
            assertEquals(-1, pooled.getInputStream().read(), "closed after its answer");

            HttpResponse<String> slept = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, slept.statusCode());
            assertTrue(slept.body().contains("slept"), slept.body());
            closer.join(10_000);
        }
    }

    private static boolean accepts(int port) throws IOException {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return probe.isConnected();
        } catch (ConnectException e) {
            return false; // refused: the listener is closed
        }
    }

    /** Sends a ping on {@code socket}; returns the status line and headers (lower case) of the answer. */
    private static String ping(Socket socket, String session) throws IOException {
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: " + session
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "closed before the answer: " + head);
            head.append((char) b);
        }
        String headers = head.toString().toLowerCase(Locale.ROOT);
        int at = headers.indexOf("content-length: ");
        int length = Integer.parseInt(headers.substring(at + 16, headers.indexOf('\r', at)).trim());
        assertEquals(length, in.readNBytes(length).length);
        return headers;
    }
}
