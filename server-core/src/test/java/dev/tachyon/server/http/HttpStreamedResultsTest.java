package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Large tool results over Streamable HTTP go out as they are written: a 200 JSON answer over
 * HTTP/1.1 gets {@code Transfer-Encoding: chunked} once its first 64 KiB part is ready, then
 * a chunk per part; a small one keeps its {@code Content-Length}. A gzip answer and an HTTP/1.0
 * client's answer stay whole. A result that outgrows {@code limits.max-response-bytes}, or whose
 * handler fails, after parts left closes that connection (the chunked body ends early, without
 * its last chunk) and the session goes on; one refused before anything left is answered with
 * {@code -32603} as before. Real sockets: java.net.http and, where the wire matters, a raw socket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpStreamedResultsTest {

    private static final int LIMIT = 6 * 1024 * 1024;
    /**
     * How long a client waits for a mebibyte-sized echo: these tests assert what arrives, not how
     * fast. Under the PARANOID leak detector every access to a tracked buffer records a stack
     * trace: the 1 and 4 MiB echoes took 11.7 s with it and 1.0 s without it on the 2-core
     * machine at load 7-11, past the client's usual 10 s bound. A hang still fails.
     */
    private static final Duration LARGE_ANSWER = Duration.ofSeconds(60);
    private static final CountDownLatch CLIENT_READ = new CountDownLatch(1);

    @RegisterExtension
    static final TestServer SERVER = TestServer.of(TachyonServer.builder()
            // Keep-alive comments every 100 ms would show up in a chunked JSON body if it got them.
            .http(HttpSettings.builder().host("127.0.0.1").port(0).sseKeepaliveInterval(Duration.ofMillis(100)).build())
            .maxFrameBytes(8 * 1024 * 1024)
            .ioThreads(2)
            .settings(EngineSettings.builder().maxResponseBytes(LIMIT).build())
            .tool(Tool.builder("echo").description("echoes its text")
                    .inline((call, out) -> out.text(call.arguments().string("text", ""))).build())
            .tool(Tool.builder("texts").description("n texts of m chars")
                    .inputSchema("{\"type\":\"object\"}")
                    .inline((call, out) -> {
                        int n = (int) call.arguments().integer("n");
                        for (int i = 0; i < n; i++) {
                            out.text(String.valueOf((char) ('a' + i)).repeat((int) call.arguments().integer("m")));
                        }
                        if (call.arguments().has("fail")) {
                            throw new IllegalStateException("fails after its parts left");
                        }
                    }).build())
            .tool(Tool.builder("wait-for-client").description("a large text, then waits for the client to read it")
                    .inputSchema("{\"type\":\"object\"}")
                    .inline((call, out) -> {
                        out.text("z".repeat(1024 * 1024));
                        boolean arrived;
                        try {
                            arrived = CLIENT_READ.await(10, TimeUnit.SECONDS); // bounded: a failure, not a hang
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            arrived = false;
                        }
                        out.text("read while running: " + arrived);
                    }).build()));

    private static McpHttpClient client;
    private static String session;

    @BeforeAll
    static void initialize() throws Exception {
        client = SERVER.httpClient();
        session = client.initialize();
    }

    @Test
    void oneAndFourMebibyteEchoesArriveWholeAndChunked() throws Exception {
        for (int size : new int[] {1024 * 1024, 4 * 1024 * 1024}) {
            String text = pattern(size);
            HttpResponse<String> response = client.send(client.post(session,
                    McpHttpClient.call(2, "echo", "{\"text\":\"" + text + "\"}")).timeout(LARGE_ANSWER));
            assertEquals(200, response.statusCode());
            assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null));
            assertFalse(response.headers().firstValue("Content-Length").isPresent());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
            assertEquals(List.of(text), texts(response.body(), 2));
        }
    }

    @Test
    void aSmallResultKeepsItsLength() throws Exception {
        HttpResponse<String> response = client.send(client.post(session, McpHttpClient.call(3, "echo", "{\"text\":\"hi\"}")));
        assertEquals(String.valueOf(response.body().length()), response.headers().firstValue("Content-Length").orElse(null));
        assertFalse(response.headers().firstValue("Transfer-Encoding").isPresent());
        assertEquals(List.of("hi"), texts(response.body(), 3));
    }

    @Test
    void aStatelessResultIsChunkedToo() throws Exception {
        StatelessHttpClient stateless = new StatelessHttpClient(SERVER.httpUri());
        String text = pattern(1024 * 1024);
        HttpResponse<String> response = stateless.send(stateless.post("tools/call",
                "\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}", "{}", "echo"));
        assertEquals(200, response.statusCode(), () -> response.body().substring(0, 200));
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null));
        Object content = StatelessHttpClient.result(response).get("content");
        assertEquals(text, ((Map<?, ?>) ((List<?>) content).get(0)).get("text"));
    }

    @Test
    void theHeadAndPartsLeaveWhileTheHandlerStillRuns() throws Exception {
        HttpResponse<InputStream> response = client.stream(client.post(session,
                McpHttpClient.call(4, "wait-for-client", "{}")));
        // The head came: the handler is still waiting for the latch below.
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null));
        try (InputStream in = response.body()) {
            byte[] first = in.readNBytes(256 * 1024);
            assertEquals(256 * 1024, first.length);
            Thread.sleep(300); // several keep-alive intervals: a JSON body gets no comments
            CLIENT_READ.countDown();
            String body = new String(first, StandardCharsets.UTF_8) + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> texts = texts(body, 4);
            assertEquals("read while running: true", texts.get(1), "the first part arrived before the handler ended");
            assertEquals("z".repeat(1024 * 1024), texts.get(0));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAroundAChunkedOne() throws Exception {
        String text = pattern(300_000);
        try (Socket socket = socket()) {
            socket.getOutputStream().write((post("1.1", McpHttpClient.call(5, "echo", "{\"text\":\"" + text + "\"}"))
                    + post("1.1", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}")).getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            Wire big = Wire.read(in);
            assertTrue(big.chunked && big.complete, big.head);
            assertEquals(List.of(text), texts(big.body, 5));
            Wire ping = Wire.read(in);
            assertTrue(ping.head.contains("content-length:"), ping.head);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}", ping.body);
        }
    }

    @Test
    void anHttp10ClientGetsTheWholeAnswer() throws Exception {
        String text = pattern(1024 * 1024);
        try (Socket socket = socket()) {
            socket.getOutputStream().write(post("1.0", McpHttpClient.call(7, "echo", "{\"text\":\"" + text + "\"}"))
                    .getBytes(StandardCharsets.UTF_8));
            Wire answer = Wire.read(socket.getInputStream());
            assertFalse(answer.chunked, answer.head);
            assertTrue(answer.head.contains("content-length: "), answer.head);
            assertEquals(List.of(text), texts(answer.body, 7));
        }
    }

    @Test
    void aClientThatAcceptsGzipGetsALargeResultWholeAndCompressed() throws Exception {
        String text = pattern(1024 * 1024);
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(client.post(session,
                McpHttpClient.call(8, "echo", "{\"text\":\"" + text + "\"}")).header("Accept-Encoding", "gzip")
                        .timeout(LARGE_ANSWER).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(String.valueOf(response.body().length), response.headers().firstValue("Content-Length").orElse(null));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertEquals(List.of(text), texts(new String(in.readAllBytes(), StandardCharsets.UTF_8), 8));
        }
    }

    @Test
    void aResultThatOutgrowsTheBoundAfterPartsLeftIsCutShortAndTheSessionGoesOn() throws Exception {
        assertCutShort("{\"n\":4,\"m\":2000000}");
    }

    @Test
    void aHandlerThatFailsAfterPartsLeftIsCutShortAndTheSessionGoesOn() throws Exception {
        assertCutShort("{\"n\":2,\"m\":100000,\"fail\":true}");
    }

    @Test
    void aTextOverTheBoundByItselfIsRefusedWhole() throws Exception {
        HttpResponse<String> response = client.send(client.post(session,
                McpHttpClient.call(9, "texts", "{\"n\":1,\"m\":" + (LIMIT + 1) + "}")));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Length").isPresent());
        Map<?, ?> error = (Map<?, ?>) McpHttpClient.json(response.body()).get("error");
        assertEquals(-32603L, error.get("code"), response.body());
        assertTrue(error.get("data").toString().contains("response-too-large"), response.body());
    }

    private static void assertCutShort(String arguments) throws Exception {
        try (Socket socket = socket()) {
            socket.getOutputStream().write((post("1.1", McpHttpClient.call(10, "texts", arguments))
                    + post("1.1", "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\"}")).getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            Wire cut = Wire.read(in);
            assertTrue(cut.head.startsWith("http/1.1 200 ok") && cut.chunked, cut.head);
            assertFalse(cut.complete, "the chunked body has no last chunk");
            assertTrue(cut.body.startsWith("{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{\"content\":[{\"type\":\"text\""));
            assertTrue(cut.body.length() >= 64 * 1024 && cut.body.length() <= LIMIT, "parts left: " + cut.body.length());
            assertEquals(-1, in.read(), "the connection is closed; the pipelined ping is not answered on it");
        }
        HttpResponse<String> ping = client.send(client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"ping\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":12,\"result\":{}}", ping.body(), "the session goes on");
    }

    private static Socket socket() throws IOException {
        Socket socket = new Socket(SERVER.httpAddress().getAddress(), SERVER.httpAddress().getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String post(String version, String body) {
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return "POST /mcp HTTP/" + version + "\r\nHost: 127.0.0.1\r\nAccept: " + McpHttpClient.ACCEPT_BOTH
                + "\r\nContent-Type: application/json\r\nMcp-Session-Id: " + session
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: " + length + "\r\n\r\n" + body;
    }

    /** One response read off a raw socket: its head (names in lower case), body, and whether a chunked body ended. */
    private static final class Wire {
        final String head;
        final boolean chunked;
        final String body;
        final boolean complete;

        private Wire(String head, boolean chunked, String body, boolean complete) {
            this.head = head;
            this.chunked = chunked;
            this.body = body;
            this.complete = complete;
        }

        static Wire read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (String line = line(in); line == null || !line.isEmpty(); line = line(in)) {
                if (line == null) {
                    throw new IOException("the connection ended before a response's head: " + head);
                }
                head.append(line).append('\n');
            }
            String h = head.toString().toLowerCase(Locale.ROOT);
            if (!h.contains("transfer-encoding: chunked")) {
                int at = h.indexOf("content-length: ");
                int length = Integer.parseInt(h.substring(at + 16, h.indexOf('\n', at)).trim());
                return new Wire(h, false, new String(in.readNBytes(length), StandardCharsets.UTF_8), true);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                if (size == null) {
                    return new Wire(h, true, body.toString(StandardCharsets.UTF_8), false);
                }
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    line(in);
                    return new Wire(h, true, body.toString(StandardCharsets.UTF_8), true);
                }
                byte[] chunk = in.readNBytes(n);
                body.write(chunk);
                if (chunk.length < n || line(in) == null) {
                    return new Wire(h, true, body.toString(StandardCharsets.UTF_8), false);
                }
            }
        }

        /** A CRLF-ended line, or null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return null;
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    private static List<String> texts(String json, long id) {
        Map<String, Object> answer = McpHttpClient.json(json);
        assertEquals(id, answer.get("id"), () -> json.substring(0, Math.min(200, json.length())));
        Object content = ((Map<?, ?>) answer.get("result")).get("content");
        return ((List<?>) content).stream().map(item -> (String) ((Map<?, ?>) item).get("text")).toList();
    }

    /** {@code length} chars of letters with a non-ASCII one now and then (written as a decoded string, in parts). */
    private static String pattern(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; text.length() < length; i++) {
            text.append(i % 1000 == 999 ? '\u00e9' : (char) ('a' + i % 26));
        }
        return text.toString();
    }
}
