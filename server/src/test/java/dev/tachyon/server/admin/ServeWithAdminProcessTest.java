package dev.tachyon.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TachyonProcess;
import dev.tachyon.server.testing.TestJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code tachyon serve --admin} as its own process, configured the way operators do it: the
 * admin port answers, JSON logs and OpenTelemetry export are switched on by environment
 * variables, and SIGTERM still ends it with exit 0.
 */
class ServeWithAdminProcessTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void adminTracingAndJsonLogsFromTheEnvironment() throws Exception {
        int tcpPort = TachyonProcess.freePort();
        int adminPort = TachyonProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.tachyon.server.cli.Main", "serve",
                "--tcp", "127.0.0.1:" + tcpPort, "--admin", "127.0.0.1:" + adminPort);
        builder.environment().put("TACHYON_LOG_FORMAT", "json");
        builder.environment().put("TACHYON_SHUTDOWN_READY_DELAY", "0s"); // no balancer watches /ready here
        builder.environment().put("OTEL_TRACES_EXPORTER", "console");
        Process process = builder.start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread pump = new Thread(() -> pump(process, stderr), "stderr-pump");
        pump.setDaemon(true);
        pump.start();
        try {
            String ready = await(stderr, line -> line.startsWith("tachyon ready:"), process);
            assertTrue(ready.contains("admin http://127.0.0.1:" + adminPort), ready);
            assertTrue(ready.contains("tracing on"), ready);

            // TACHYON_LOG_FORMAT=json: log events are JSON objects, one per line.
            String logged = await(stderr,
                    line -> line.startsWith("{") && line.contains("\"logger\":\"dev.tachyon.server.admin.AdminServer\""),
                    process);
            Map<String, Object> event = TestJson.map(TestJson.read(logged.getBytes(StandardCharsets.UTF_8)), "log line");
            assertEquals("INFO", event.get("level"));
            assertTrue(event.get("message").toString().contains("http://127.0.0.1:" + adminPort), logged);

            InetSocketAddress admin = new InetSocketAddress("127.0.0.1", adminPort);
            assertEquals(200, AdminHttp.get(admin, "/ready").statusCode());
            assertEquals("ok", AdminHttp.json(admin, "/health").get("status"));

            try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
                OutputStream out = socket.getOutputStream();
                out.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"text\":\"up\"},\"_meta\":{\"traceparent\":\"00-" + TRACE_ID
                        + "-00f067aa0ba902b7-01\"}}}\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                in.readLine();
                assertTrue(in.readLine().contains("\"text\":\"up\""));
            }
            String metrics = AdminHttp.get(admin, "/metrics").body();
            assertEquals(1.0, AdminHttp.sample(metrics, "tachyon_requests_total{method=\"tools/call\",outcome=\"ok\"}"),
                    metrics);
            // The console exporter writes each span on stderr as it ends, with the client's trace id.
            await(stderr, line -> line.contains("tools/call echo") && line.contains(TRACE_ID), process);

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(0, process.exitValue(), () -> String.join("\n", stderr));
        } finally {
            process.destroyForcibly();
        }
    }

    private static void pump(Process process, List<String> lines) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(stderr: " + e + ")");
        }
    }

    private static String await(List<String> lines, Predicate<String> match, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : new ArrayList<>(lines)) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && !lines.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such line on stderr; it was:\n" + String.join("\n", lines));
    }
}
