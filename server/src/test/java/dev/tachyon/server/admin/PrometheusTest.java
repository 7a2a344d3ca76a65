package dev.tachyon.server.admin;

import dev.tachyon.server.observability.PrometheusMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.OpsTools;
import dev.tachyon.server.testing.TachyonProcess;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.TestJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus tools against the real {@code /metrics}: {@code promtool check metrics}
 * accepts the output, and a Prometheus server scrapes the admin port and reports the target up.
 * Both come from the Debian package {@code prometheus}; without it these tests fail (never skip).
 */
class PrometheusTest {

    @RegisterExtension
    static final TestServer server = new TestServer(b -> PrometheusMetrics.attach(OpsTools.register(b)).admin("127.0.0.1", 0));

    @TempDir
    Path dir;

    /** Traffic of every kind, so every family of meters has series in the output. */
    private static void traffic() {
        try (NdjsonClient client = server.initialized("{}")) {
            client.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
            client.result("tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":1}}");
            client.error("tools/call", "{\"name\":\"strict\",\"arguments\":{}}");
            client.error("no/such/method", null);
            client.result("ping", null);
        }
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        traffic();
        String metrics = AdminHttp.get(server.server().adminAddress(), "/metrics").body();
        Process promtool = new ProcessBuilder(binary("promtool"), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, promtool.exitValue(), "promtool check metrics:\n" + verdict);
        assertEquals("", verdict.strip(), "promtool has no complaint");
    }

    @Test
    void prometheusScrapesTheAdminPortAndSeesTheTargetUp() throws Exception {
        traffic();
        InetSocketAddress admin = server.server().adminAddress();
        int webPort = TachyonProcess.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: tachyon",
                "    static_configs:",
                "      - targets: ['" + admin.getHostString() + ":" + admin.getPort() + "']",
                ""));
        Path log = dir.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder(binary("prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + webPort,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            InetSocketAddress web = new InetSocketAddress("127.0.0.1", webPort);
            Map<String, Object> target = awaitTargetUp(prometheus, web, log);
            assertEquals("up", target.get("health"), target::toString);
            assertEquals("", target.get("lastError"));
            // The samples are in Prometheus, queryable by name.
            Map<String, Object> ready = query(web, "tachyon_ready");
            assertEquals("1", ((List<?>) ((Map<?, ?>) ((List<?>) ready.get("result")).get(0)).get("value")).get(1),
                    ready::toString);
            Map<String, Object> calls = query(web, "tachyon_requests_total{method=\"tools/call\",outcome=\"ok\"}");
            assertTrue(!((List<?>) calls.get("result")).isEmpty(), calls::toString);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Object> awaitTargetUp(Process prometheus, InetSocketAddress web, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Object last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited with " + prometheus.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                Map<String, Object> answer = api(web, "/api/v1/targets?state=active");
                List<?> targets = (List<?>) TestJson.map(answer.get("data"), "data").get("activeTargets");
                if (targets != null && !targets.isEmpty()) {
                    Map<String, Object> target = TestJson.map(targets.get(0), "target");
                    last = target;
                    if ("up".equals(target.get("health"))) {
                        return target;
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                last = e.getCause(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("prometheus never saw the target up; last: " + last + "\nlog:\n" + Files.readString(log));
    }

    private static Map<String, Object> query(InetSocketAddress web, String promql) {
        Map<String, Object> answer = api(web, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertEquals("success", answer.get("status"), answer::toString);
        return TestJson.map(answer.get("data"), "data");
    }

    private static Map<String, Object> api(InetSocketAddress web, String path) {
        String body = AdminHttp.get(web, path).body();
        return TestJson.map(TestJson.read(body.getBytes(StandardCharsets.UTF_8)), path);
    }

    /** The path of a tool from the Debian package {@code prometheus}; fails the test, loudly, when it is missing. */
    static String binary(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) {
            return debian.toString();
        }
        throw new AssertionError(name + " is not installed: it comes with the Debian package 'prometheus', "
                + "which .ci/apt-packages lists; run .ci/run (it installs what is missing) or "
                + "apt-get install prometheus");
    }
}
