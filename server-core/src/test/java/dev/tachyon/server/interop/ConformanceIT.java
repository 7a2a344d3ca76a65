package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TachyonProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official MCP conformance suite (pinned in {@code src/test/node}) against one running
 * {@code bin/tachyon serve --fixture conformance --http 127.0.0.1:PORT}, exactly as a user would
 * run it, serving both eras on one endpoint: every scenario the 2025-11-25 revision requires,
 * and the SSE polling and session lifecycle scenarios it runs without scoring; every scenario the
 * 2026-07-28 (stateless) revision requires, and the JSON Schema and header validation scenarios
 * it runs without scoring (its {@code tasks-*} extension scenarios are out of scope). Output and
 * {@code checks.json} per scenario are kept in {@code target/node-logs} and
 * {@code target/conformance-http}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConformanceIT {

    private static TachyonProcess server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        int port = TachyonProcess.freePort();
        server = TachyonProcess.start("serve", "--fixture", "conformance", "--http", "127.0.0.1:" + port);
        url = "http://127.0.0.1:" + port + "/mcp";
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertEquals(0, server.stop(), () -> "tachyon exit code; stderr:\n" + server.stderr());
    }

    @Test
    void requirementsOf20251125() throws Exception {
        requirements("2025-11-25");
    }

    @Test
    void sessionLifecycleAndSsePolling() throws Exception {
        scenarios("2025-11-25", "server-session-lifecycle", "server-sse-polling");
    }

    @Test
    void requirementsOf20260728() throws Exception {
        requirements("2026-07-28");
    }

    /** Every scenario {@code revision} requires must pass (the exit code says whether they all did). */
    private static void requirements(String revision) throws Exception {
        NodeTools.Outcome outcome = conformance("conformance-http-" + revision, "--requirements", revision);
        assertEquals(0, outcome.exitCode(), () -> revision + " conformance failed:\n" + outcome.tail(12000));
    }

    @Test
    void schemaAndHeaderScenariosOf20260728() throws Exception {
        scenarios("2026-07-28", "json-schema-2020-12", "http-header-validation", "http-custom-header-server-validation");
    }

    /** Runs each scenario alone at {@code specVersion}; each must pass. */
    private static void scenarios(String specVersion, String... names) throws Exception {
        for (String scenario : names) {
            NodeTools.Outcome outcome = conformance("conformance-http-" + specVersion + "-" + scenario,
                    "--scenario", scenario, "--spec-version", specVersion);
            assertEquals(0, outcome.exitCode(), () -> scenario + " failed:\n" + outcome.tail(8000));
        }
    }

    private static NodeTools.Outcome conformance(String log, String... selection) throws Exception {
        String[] args = new String[5 + selection.length];
        args[0] = "node_modules/@modelcontextprotocol/conformance/dist/index.js";
        args[1] = "server";
        args[2] = "--url";
        args[3] = url;
        args[4] = "--output-dir=" + java.nio.file.Paths.get(System.getProperty("basedir", System.getProperty("user.dir")),
                "target", "conformance-http").toString();
        System.arraycopy(selection, 0, args, 5, selection.length);
        return NodeTools.runNode(log, Duration.ofMinutes(4), args);
    }
}
