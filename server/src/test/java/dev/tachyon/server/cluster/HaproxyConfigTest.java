package dev.tachyon.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.Haproxy;
import dev.tachyon.server.testing.TachyonProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/haproxy/haproxy.cfg} as HAProxy (Debian's) reads it: {@code haproxy -c} accepts
 * it, and run in front of three stand-in instances ({@link FakeNode}: PROXY protocol v2,
 * {@code /ready}, session ids with or without the node prefix) it routes a session id to the node
 * its prefix names without having seen it, away from a node that is not ready, by the table
 * learned from responses when ids carry no prefix, and spreads requests without a session.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HaproxyConfigTest {

    private static final String RANDOM_PART = "AAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path dir;

    private final List<FakeNode> nodes = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Haproxy haproxy;
    private URI front;

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        for (FakeNode node : nodes) {
            node.close();
        }
    }

    @Test
    void haproxyAcceptsTheConfiguration() throws Exception {
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, HaproxyTemplate.render("127.0.0.1:7900", "127.0.0.1:7901", List.of(
                new HaproxyTemplate.Instance("node1", "10.0.0.1:7801", "10.0.0.1:7800", 7802),
                new HaproxyTemplate.Instance("node2", "10.0.0.2:7801", "10.0.0.2:7800", 7802),
                new HaproxyTemplate.Instance("node3", "10.0.0.3:7801", "10.0.0.3:7800", 7802))));
        Process check = new ProcessBuilder(Haproxy.binary(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
        assertTrue(output.contains("Configuration file is valid"), output);
        assertTrue(!output.contains("[WARNING]"), output);
    }

    @Test
    void aSessionIdGoesToTheNodeItsPrefixNamesWithoutAnyTableAndElsewhereWhenThatNodeIsNotReady() throws Exception {
        start(true);
        for (FakeNode node : nodes) {
            for (int i = 0; i < 3; i++) { // ids this balancer never saw: no table, so a balancer restart loses nothing
                assertEquals(node.id(), servedBy(node.id() + "." + RANDOM_PART));
            }
        }
        FakeNode draining = nodes.get(2);
        draining.ready(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (draining.id().equals(servedBy(draining.id() + "." + RANDOM_PART))) {
            assertTrue(System.nanoTime() < deadline, "HAProxy still sends to a node whose /ready says 503");
            Thread.sleep(100);
        }
        for (int i = 0; i < 5; i++) { // there the session is unknown: 404, and the client initializes again
            assertNotEquals(draining.id(), servedBy(draining.id() + "." + RANDOM_PART));
        }
    }

    @Test
    void withoutPrefixesTheTableLearnedFromResponsesKeepsEachSessionOnItsNode() throws Exception {
        start(false);
        for (int session = 0; session < 6; session++) {
            HttpResponse<String> init = send(null);
            String id = init.headers().firstValue("Mcp-Session-Id").orElse(null);
            assertNotNull(id);
            assertTrue(id.indexOf('.') < 0, id);
            for (int i = 0; i < 5; i++) {
                assertEquals(init.body(), servedBy(id), "session " + id);
            }
        }
    }

    @Test
    void requestsWithoutASessionReachEveryNode() throws Exception {
        start(true);
        for (int i = 0; i < 30; i++) {
            send(null);
        }
        for (FakeNode node : nodes) {
            assertTrue(node.requests() > 0, node.id() + " got none of 30 requests");
        }
    }

    private void start(boolean prefixedIds) throws Exception {
        List<HaproxyTemplate.Instance> instances = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            FakeNode node = new FakeNode("node" + i, prefixedIds);
            nodes.add(node);
            String http = "127.0.0.1:" + node.httpPort();
            instances.add(new HaproxyTemplate.Instance(node.id(), http, http, node.adminPort()));
        }
        int port = TachyonProcess.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, HaproxyTemplate.render("127.0.0.1:" + port, "127.0.0.1:" + TachyonProcess.freePort(), instances));
        haproxy = Haproxy.startFile(config, new InetSocketAddress("127.0.0.1", port));
        front = URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    private String servedBy(String sessionId) throws Exception {
        HttpResponse<String> response = send(sessionId);
        assertEquals(200, response.statusCode());
        return response.headers().firstValue("X-Node").orElseThrow();
    }

    private HttpResponse<String> send(String sessionId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(front).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
