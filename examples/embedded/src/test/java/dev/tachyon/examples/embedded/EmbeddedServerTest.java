package dev.tachyon.examples.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example as a client meets it: a real server on free ports, a raw TCP client speaking
 * newline-delimited JSON-RPC and an HTTP client (java.net.http) speaking Streamable HTTP.
 */
class EmbeddedServerTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"example-test\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private static TachyonServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = EmbeddedServer.start("127.0.0.1", 0, 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesTheToolTheResourceAndThePromptOverTcp() throws Exception {
        InetSocketAddress tcp = server.tcpAddress();
        try (Socket socket = new Socket(tcp.getAddress(), tcp.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String init = exchange(out, in, INITIALIZE);
            assertTrue(init.contains("\"protocolVersion\":\"2025-11-25\""), init);
            send(out, INITIALIZED);
            String tools = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertTrue(tools.contains("\"name\":\"greet\""), tools);
            String call = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}}");
            assertTrue(call.contains("Hello, Ada!") && call.contains("\"id\":3"), call);
            String resource = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":"
                    + "{\"uri\":\"example://motd\"}}");
            assertTrue(resource.contains("Embedded Tachyon says hi."), resource);
            String prompt = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\",\"params\":"
                    + "{\"name\":\"haiku\",\"arguments\":{\"topic\":\"netty\"}}}");
            assertTrue(prompt.contains("Write a haiku about netty."), prompt);
        }
    }

    @Test
    void servesTheToolOverStreamableHttp() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI mcp = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
        HttpResponse<String> init = http.send(post(mcp, INITIALIZE, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        assertNotNull(session, "the initialize response names the session");
        assertEquals(202, http.send(post(mcp, INITIALIZED, session), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> call = http.send(post(mcp, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Grace\"}}}", session),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, call.statusCode(), call.body());
        assertTrue(call.body().contains("Hello, Grace!"), call.body());
    }

    @Test
    void tachyonLogsThroughTheApplicationsOwnBackend() throws Exception {
        // A server with an admin endpoint logs it when it starts, and its drain when it closes.
        try (TachyonServer other = TachyonServer.builder().tcp("127.0.0.1", 0).admin("127.0.0.1", 0).drainMillis(100)
                .build().start()) {
            assertNotNull(other.adminAddress());
        }
        // slf4j-simple writes to this file (see the pom); each line names its logger.
        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
        assertTrue(log.contains("dev.tachyon.examples.embedded.EmbeddedServer - serving MCP"), log);
        assertTrue(log.contains("dev.tachyon.server.admin.AdminServer - admin endpoint on http://127.0.0.1:"), log);
        assertTrue(log.contains("dev.tachyon.server.TachyonServer - stopped accepting"), log);
    }

    private static HttpRequest post(URI uri, String body, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return request.build();
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String exchange(OutputStream out, BufferedReader in, String line) throws Exception {
        send(out, line);
        String answer = in.readLine();
        assertNotNull(answer, "the server answered before closing");
        return answer;
    }
}
