package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TachyonProcess;
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
 * it runs without scoring; the tasks extension's {@code tasks-*} scenarios, none skipped but
 * the one the suite itself skips today ({@code tasks-status-notifications}); and the three
 * {@code sep-2640-skills-*} extension scenarios, with no check skipped. Output and
 * {@code checks.json} per scenario are kept in {@code target/node-logs} and
 * {@code target/conformance-http} ({@link ConformanceSuite}; {@link ConformanceAuthIT} runs the
 * same requirement sets with OAuth on).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConformanceIT {

    private static TachyonProcess server;
    private static ConformanceSuite suite;

    @BeforeAll
    static void start() throws Exception {
        int port = TachyonProcess.freePort();
        server = TachyonProcess.start("serve", "--fixture", "conformance", "--http", "127.0.0.1:" + port);
        suite = new ConformanceSuite("http://127.0.0.1:" + port + "/mcp", "conformance-http");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertEquals(0, server.stop(), () -> "tachyon exit code; stderr:\n" + server.stderr());
    }

    @Test
    void requirementsOf20251125() throws Exception {
        suite.requirements("2025-11-25");
    }

    @Test
    void sessionLifecycleAndSsePolling() throws Exception {
        suite.scenarios("2025-11-25", "server-session-lifecycle", "server-sse-polling");
    }

    @Test
    void requirementsOf20260728() throws Exception {
        suite.requirements("2026-07-28");
    }

    @Test
    void tasksExtensionScenarios() throws Exception {
        suite.extensionScenarios("tasks-lifecycle", "tasks-capability-negotiation", "tasks-wire-fields",
                "tasks-request-state-removal", "tasks-mrtr-input", "tasks-request-headers", "tasks-dispatch-and-envelope",
                "tasks-required-task-error", "tasks-mrtr-composition");
    }

    /**
     * The pinned suite skips {@code tasks-status-notifications} whatever the server does ("pending
     * subscriptions/listen rewrite"): this fails once a newer suite runs it, so that it joins the
     * list above (and the server sends {@code notifications/tasks} on listen streams).
     */
    @Test
    void tasksStatusNotificationsIsSkippedByTheSuiteItself() throws Exception {
        NodeTools.Outcome outcome = suite.extensionScenario("tasks-status-notifications");
        assertEquals(0, outcome.exitCode(), () -> outcome.tail(4000));
        assertTrue(outcome.output().contains("pending subscriptions/listen rewrite"),
                () -> "the suite runs tasks-status-notifications now:\n" + outcome.tail(4000));
    }

    @Test
    void schemaAndHeaderScenariosOf20260728() throws Exception {
        suite.scenarios("2026-07-28", "json-schema-2020-12", "http-header-validation", "http-custom-header-server-validation");
    }

    /** The skills extension (SEP-2640): every check passes, none skipped (an undeclared extension skips them all). */
    @Test
    void skillsExtensionScenarios() throws Exception {
        suite.extensionScenarios("sep-2640-skills-directory", "sep-2640-skills-enumeration", "sep-2640-skills-manifest");
    }
}
