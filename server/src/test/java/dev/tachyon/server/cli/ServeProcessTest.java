package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tachyon serve} as its own process, the way users and clients start it: the ready
 * line, a real call, SIGTERM answered with exit 0; and stdio until stdin ends.
 */
class ServeProcessTest {

    private static final Pattern READY = Pattern.compile("tachyon ready: tcp ([0-9.]+):(\\d+)");

    /**
     * {@code tachyon args...} in a JVM of its own, on the test class path (no build of bin/tachyon
     * needed), without the ready delay of a drain (no balancer watches these; DrainProcessTest
     * sets its own).
     */
    static ProcessBuilder tachyon(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.tachyon.server.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TACHYON_SHUTDOWN_READY_DELAY", "0s");
        return builder;
    }

    @Test
    void servesTcpUntilSigtermThenDrainsAndExitsZero() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process = tachyon("serve", "--tcp", "127.0.0.1:" + port).start();
        try {
            BufferedReader stderr = reader(process.getErrorStream());
            Matcher ready = awaitReady(stderr);
            try (Socket socket = new Socket(ready.group(1), Integer.parseInt(ready.group(2)))) {
                OutputStream out = socket.getOutputStream();
                out.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"up\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                BufferedReader in = reader(socket.getInputStream());
                assertTrue(in.readLine().contains("\"protocolVersion\":\"2025-11-25\""));
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"up\"}]}}",
                        in.readLine());
                out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":1500}}}\n"
                        .getBytes(StandardCharsets.UTF_8));
                Thread.sleep(700); // accepted and running, even on a loaded machine
                process.destroy(); // SIGTERM
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slept 1500 ms\"}]}}",
                        in.readLine(), "what was accepted before SIGTERM is answered");
            }
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Every pod in a namespace with a Service named {@code tachyon} gets that Service's links
     * ({@code TACHYON_PORT=tcp://...} and friends): the server starts beside them, naming them in
     * one warning line, and serves.
     */
    @Test
    void startsBesideTheServiceLinksOfAKubernetesServiceNamedTachyon() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessBuilder builder = tachyon("serve", "--tcp", "127.0.0.1:" + port);
        Map<String, String> env = builder.environment();
        env.put("TACHYON_SERVICE_HOST", "10.0.0.1");
        env.put("TACHYON_SERVICE_PORT", "7800");
        env.put("TACHYON_PORT", "tcp://10.0.0.1:7800");
        env.put("TACHYON_PORT_7800_TCP", "tcp://10.0.0.1:7800");
        env.put("TACHYON_PORT_7800_TCP_PROTO", "tcp");
        env.put("TACHYON_PORT_7800_TCP_PORT", "7800");
        env.put("TACHYON_PORT_7800_TCP_ADDR", "10.0.0.1");
        Process process = builder.start();
        try {
            BufferedReader stderr = reader(process.getErrorStream());
            String first = stderr.readLine();
            assertEquals("tachyon: warning: ignoring environment variables that name no configuration key: TACHYON_PORT,"
                    + " TACHYON_PORT_7800_TCP, TACHYON_PORT_7800_TCP_ADDR, TACHYON_PORT_7800_TCP_PORT,"
                    + " TACHYON_PORT_7800_TCP_PROTO, TACHYON_SERVICE_HOST, TACHYON_SERVICE_PORT", first);
            Matcher ready = awaitReady(stderr);
            try (Socket socket = new Socket(ready.group(1), Integer.parseInt(ready.group(2)))) {
                socket.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                        .getBytes(StandardCharsets.UTF_8));
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", reader(socket.getInputStream()).readLine());
            }
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void anHttpCallRunningAtSigtermIsStillAnswered() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process = tachyon("serve", "--http", "127.0.0.1:" + port).start();
        try {
            BufferedReader stderr = reader(process.getErrorStream());
            for (String line; (line = stderr.readLine()) != null && !line.startsWith("tachyon ready:"); ) {
                // wait for the ready line
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI mcp = java.net.URI.create("http://127.0.0.1:" + port + "/mcp");
            java.net.http.HttpResponse<String> init = http.send(post(mcp, null,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> call = http.sendAsync(post(mcp, session,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":1500}}}"),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            Thread.sleep(700); // accepted and running, even on a loaded machine
            process.destroy(); // SIGTERM
            java.net.http.HttpResponse<String> answered = call.get(20, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode());
            assertTrue(answered.body().contains("slept 1500 ms"), answered.body());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    private static java.net.http.HttpRequest post(java.net.URI uri, String session, String body) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }

    @Test
    void stdioAnswersEverythingAcceptedThenExitsWhenStdinEnds() throws Exception {
        Process process = tachyon("serve", "--stdio").start();
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":300}}}\n"
                    + "not json\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdin.close();
            List<String> lines = new ArrayList<>();
            BufferedReader stdout = reader(process.getInputStream());
            for (String line; (line = stdout.readLine()) != null; ) {
                lines.add(line);
            }
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when stdin ends");
            assertEquals(0, process.exitValue());
            assertEquals(3, lines.size(), "only protocol on stdout: " + lines);
            assertTrue(lines.get(0).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"));
            assertTrue(lines.get(1).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700"), lines.get(1));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slept 300 ms\"}]}}",
                    lines.get(2), "the slow call accepted before stdin ended is still answered");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void stdioServesStatelessRequestsWithoutInitialize() throws Exception {
        Process process = tachyon("serve", "--stdio", "--fixture", "conformance").start();
        try {
            String meta = dev.tachyon.server.testing.StatelessMeta.meta("{\"elicitation\":{}}");
            OutputStream stdin = process.getOutputStream();
            stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":" + meta + "}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"subscriptions/listen\",\"params\":{\"_meta\":" + meta
                    + ",\"notifications\":{\"toolsListChanged\":true}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"_meta\":" + meta
                    + ",\"name\":\"test_input_required_result_elicitation\"}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"_meta\":" + meta
                    + ",\"name\":\"test_trigger_tool_change\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            List<String> lines = new ArrayList<>();
            BufferedReader stdout = reader(process.getInputStream());
            for (String line; lines.size() < 5 && (line = stdout.readLine()) != null; ) {
                lines.add(line);
            }
            stdin.close(); // an open listen stream does not keep the process: it ends with stdin
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when stdin ends");
            assertEquals(0, process.exitValue());
            String all = String.join("\n", lines);
            assertTrue(lines.get(0).contains("\"supportedVersions\":[\"2026-07-28\""), all);
            assertTrue(lines.get(1).contains("notifications/subscriptions/acknowledged"), all);
            assertTrue(all.contains("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"inputRequests\""), all);
            assertTrue(all.contains("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\",\"params\":"
                    + "{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":2}}}"), all);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Matcher awaitReady(BufferedReader stderr) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = stderr.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no ready line; stderr was:\n" + seen);
    }

    private static BufferedReader reader(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
