package dev.tachyon.server.hostile;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.EngineSettings;
import io.micrometer.core.instrument.Counter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbound messages are bounded: a result larger than {@code limits.max-response-bytes} is
 * stopped while it is written and the client gets {@code -32603} ({@code data.reason}
 * {@code "response-too-large"}) in its place, on TCP and on HTTP (JSON and SSE answers); the
 * connection stays usable, the memory comes back, and the refusals are counted. Before the fix
 * a {@code payload} of 16 MiB wrote a 16.8 MB line, four times what the server accepts inbound.
 */
@ExtendWith(HostileSuite.class)
class HostileOutboundTest {

    private static final int LIMIT = 256 * 1024;
    private static final int HUGE = DemoTools.MAX_PAYLOAD_BYTES;
    private static final long ATTACK_NANOS = 3_000_000_000L;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        Tool progressThenPayload = Tool.builder("progress-payload").description("progress, then a payload")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"bytes\":{\"type\":\"integer\"}}}")
                .inline((call, result) -> {
                    call.progress(1, null, "writing"); // over HTTP the answer becomes an SSE stream
                    result.text("y".repeat((int) call.arguments().integer("bytes")));
                }).build();
        server = TachyonServer.builder().tcp("127.0.0.1", 0).http("127.0.0.1", 0).ioThreads(1)
                .admin("127.0.0.1", 0) // metrics on
                .settings(EngineSettings.builder().maxResponseBytes(LIMIT).build())
                .tool(DemoTools.payload()).tool(progressThenPayload).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tcpResultsOverTheBoundAreRefusedAndTheConnectionKeepsWorking() throws Exception {
        try (TcpAttacker warmUp = new TcpAttacker()) { // compiles the paths before anything is timed
            for (int round = 0; round < 3; round++) {
                warmUp.round();
            }
        }
        MemoryBaseline baseline = MemoryBaseline.take();
        double refusedBefore = refused();
        int rounds = 0;
        GoodClient good = GoodClient.start(server.tcpAddress());
        GoodClient.Report report;
        try (TcpAttacker attacker = new TcpAttacker()) {
            long until = System.nanoTime() + ATTACK_NANOS;
            do {
                attacker.round();
                rounds++;
            } while (System.nanoTime() < until);
        } finally {
            report = good.stop(); // asserted after: a failure of the attack itself must not be hidden
        }
        report.assertHealthy();
        assertEquals(rounds * (2 + 3), refused() - refusedBefore, 0.0, "every refusal is counted, with its reason");
        baseline.assertReturned();
    }

    /** One TCP connection that asks for results over the bound in every shape. */
    private static final class TcpAttacker implements AutoCloseable {

        private final Socket socket = new Socket("127.0.0.1", server.tcpAddress().getPort());
        private final OutputStream out;
        private final BufferedReader in;

        TcpAttacker() throws IOException {
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            send(out, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"big\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
            assertTrue(in.readLine().contains("\"result\""));
        }

        /** Five refusals and three answers. */
        void round() throws IOException {
            // Shape 1: far over the bound; stopped while being written, before the buffer grows.
            send(out, payload(1, HUGE));
            String refusal = in.readLine();
            assertTrue(refusal.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603"), refusal);
            assertTrue(refusal.contains("\"reason\":\"response-too-large\""), refusal);
            assertTrue(refusal.contains("\"limit\":" + LIMIT), refusal);
            // Shape 2: just over: a text that cannot fit, refused before any part of it is sent.
            send(out, payload(2, LIMIT - 16));
            String over = in.readLine();
            assertTrue(over.contains("\"reason\":\"response-too-large\"") && over.contains("\"limit\":" + LIMIT), over);
            // Just under: served whole.
            send(out, payload(3, LIMIT - 200));
            String fits = in.readLine();
            assertTrue(fits.startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\""), fits.substring(0, 80));
            assertTrue(fits.length() <= LIMIT, "the answer is within the bound: " + fits.length());
            // Shape 3: pipelined, with answers batched into one buffer: each answered, in order.
            StringBuilder batch = new StringBuilder();
            for (int id = 10; id < 15; id++) {
                batch.append(payload(id, id % 2 == 0 ? HUGE : 100));
            }
            send(out, batch.append("{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"ping\"}\n").toString());
            for (int id = 10; id < 15; id++) {
                String answer = in.readLine();
                assertTrue(answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ","), answer);
                assertEquals(id % 2 == 0, answer.contains("response-too-large"), answer);
            }
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":15,\"result\":{}}", in.readLine());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void httpJsonAndSseAnswersOverTheBoundAreRefusedAndTheConnectionKeepsWorking() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String session = httpSession(http);
        for (int round = 0; round < 3; round++) {
            httpRound(http, session); // compiles the paths before anything is timed
        }
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        GoodClient.Report report;
        try {
            long until = System.nanoTime() + ATTACK_NANOS;
            do {
                httpRound(http, session);
            } while (System.nanoTime() < until);
        } finally {
            report = good.stop(); // asserted after: a failure of the attack itself must not be hidden
        }
        report.assertHealthy();
        baseline.assertReturned();
    }

    private static String httpSession(HttpClient http) throws Exception {
        HttpResponse<String> init = post(http, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"h\",\"version\":\"1\"}}}");
        String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        assertNotNull(session, init.body());
        assertEquals(202, post(http, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
        return session;
    }

    /** A JSON answer and an SSE answer over the bound, then a small one on the same connection. */
    private static void httpRound(HttpClient http, String session) throws Exception {
        HttpResponse<String> json = post(http, session, payload(1, HUGE).strip());
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.body().contains("\"code\":-32603") && json.body().contains("\"reason\":\"response-too-large\""),
                json.body());
        // An SSE answer: a progress event first, then the refusal as the response event.
        HttpResponse<String> sse = post(http, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"progress-payload\",\"arguments\":{\"bytes\":" + (2 * LIMIT) + "},"
                + "\"_meta\":{\"progressToken\":\"p\"}}}");
        assertEquals("text/event-stream", sse.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(sse.body().contains("notifications/progress"), sse.body());
        assertTrue(sse.body().contains("\"id\":2,\"error\":{\"code\":-32603") && sse.body().contains("response-too-large"),
                sse.body());
        assertFalse(sse.body().contains("yyyy"), "nothing of the refused result is sent");
        // The same connection (keep-alive) and session still serve.
        HttpResponse<String> small = post(http, session, payload(3, 1000).strip());
        assertTrue(small.body().contains("\"result\""), small.body());
    }

    private static double refused() {
        Counter counter = ServerInternals.observability(server).registry().find("tachyon.responses.refused")
                .tag("reason", "response-too-large").counter();
        assertNotNull(counter, "tachyon.responses.refused{reason=response-too-large} is registered");
        return counter.count();
    }

    private static String payload(int id, int bytes) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"payload\","
                + "\"arguments\":{\"bytes\":" + bytes + "}}}\n";
    }

    private static void send(OutputStream out, String lines) throws IOException {
        out.write(lines.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static HttpResponse<String> post(HttpClient http, String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
                + "/mcp")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
