package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzip of JSON responses, with the default {@code tachyon.http.compression} (on, from 1 KiB,
 * level 1): only for a client whose {@code Accept-Encoding} accepts it, weights honoured;
 * never below the threshold; never for an SSE stream; {@code Vary: Accept-Encoding} always.
 * Real clients: java.net.http (which never decompresses by itself, so the test sees the wire
 * form) and curl {@code --compressed}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpCompressionTest {

    @RegisterExtension
    static final TestServer server = HttpTools.server(HttpSettings.builder());

    /** 64 KiB of text that compresses as tool results of text do. */
    private static final String TEXT = "The quick brown fox jumps over the lazy dog, again and again. ".repeat(1100)
            .substring(0, 64 * 1024);

    private static McpHttpClient client;
    private static String session;

    @BeforeAll
    static void initialize() throws Exception {
        client = server.httpClient();
        session = client.initialize();
    }

    private static HttpResponse<byte[]> echo(String text, String acceptEncoding) throws Exception {
        HttpRequest.Builder post = client.post(session, McpHttpClient.call(7, "echo", "{\"text\":\"" + text + "\"}"));
        if (acceptEncoding != null) {
            post.header("Accept-Encoding", acceptEncoding);
        }
        return java.net.http.HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String echoed(String json) {
        Map<String, Object> result = McpHttpClient.json(json);
        Object content = ((Map<?, ?>) result.get("result")).get("content");
        return (String) ((Map<?, ?>) ((List<?>) content).get(0)).get("text");
    }

    @Test
    void aClientThatAcceptsGzipGetsALargeResultGzipped() throws Exception {
        HttpResponse<byte[]> response = echo(TEXT, "gzip, deflate, br");
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElse(null));
        assertEquals(String.valueOf(response.body().length), response.headers().firstValue("Content-Length").orElseThrow());
        String json = gunzip(response.body());
        assertEquals(TEXT, echoed(json));
        assertTrue(response.body().length * 10 < json.length(), response.body().length + " bytes for " + json.length());
    }

    @Test
    void aClientThatDoesNotAskGetsIdentity() throws Exception {
        HttpResponse<byte[]> response = echo(TEXT, null);
        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("Content-Encoding").isPresent());
        assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElse(null));
        assertEquals(TEXT, echoed(new String(response.body(), StandardCharsets.UTF_8)));
    }

    @Test
    void weightsAreHonouredAndQZeroRefuses() throws Exception {
        String[] identity = {"gzip;q=0", "GZIP; q=0.0", "br, deflate", "*;q=0", "gzip;q=0, *", "identity", ""};
        for (String header : identity) {
            HttpResponse<byte[]> response = echo(TEXT, header);
            assertFalse(response.headers().firstValue("Content-Encoding").isPresent(), header);
            assertEquals(TEXT, echoed(new String(response.body(), StandardCharsets.UTF_8)), header);
        }
        String[] gzip = {"*", "br;q=1, *;q=0.1", "x-gzip", "identity;q=1, gzip;q=0.5", "deflate, gzip ;q=0.001"};
        for (String header : gzip) {
            HttpResponse<byte[]> response = echo(TEXT, header);
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null), header);
            assertEquals(TEXT, echoed(gunzip(response.body())), header);
        }
    }

    @Test
    void aBodyUnderTheThresholdGoesOutAsItIs() throws Exception {
        HttpResponse<byte[]> response = echo("short", "gzip");
        assertFalse(response.headers().firstValue("Content-Encoding").isPresent());
        assertEquals("short", echoed(new String(response.body(), StandardCharsets.UTF_8)));
    }

    @Test
    void anSseStreamIsNeverCompressed() throws Exception {
        HttpRequest.Builder post = client.post(session, McpHttpClient.call(8, "chatty", "{}"))
                .header("Accept-Encoding", "gzip");
        HttpResponse<String> response = client.send(post);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        assertFalse(response.headers().firstValue("Content-Encoding").isPresent());
        assertTrue(response.body().contains("chatty done"), response.body());
    }

    @Test
    void curlCompressedGetsGzipAndDecodesIt(@TempDir Path dir) throws Exception {
        Path body = dir.resolve("call.json");
        Files.writeString(body, McpHttpClient.call(9, "echo", "{\"text\":\"" + TEXT + "\"}"));
        Path headers = dir.resolve("headers.txt");
        Path out = dir.resolve("out.json");
        Process curl = new ProcessBuilder("curl", "-sS", "--compressed", "-D", headers.toString(), "-o", out.toString(),
                "-H", "Content-Type: application/json", "-H", "Accept: application/json, text/event-stream",
                "-H", "Mcp-Session-Id: " + session, "-H", "MCP-Protocol-Version: 2025-11-25",
                "--data-binary", "@" + body, client.uri().toString())
                .redirectErrorStream(true).start();
        String curlOutput = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), curlOutput);
        String head = Files.readString(headers).toLowerCase(java.util.Locale.ROOT);
        assertTrue(head.contains("content-encoding: gzip"), head);
        assertTrue(head.contains("vary: accept-encoding"), head);
        assertEquals(TEXT, echoed(Files.readString(out)));
    }
}
