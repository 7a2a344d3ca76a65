package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NodeTools;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The official MCP conformance suite (pinned in {@code src/test/node}) in its {@code server} mode,
 * pointed at one MCP endpoint URL: what {@link ConformanceIT} (auth off) and
 * {@link ConformanceAuthIT} (auth on, through a proxy adding the token) both run. Output goes to
 * {@code target/node-logs/<name>-...log}, each scenario's {@code checks.json} to
 * {@code target/<name>}.
 */
final class ConformanceSuite {

    private final String url;
    private final String name;

    /** The suite against {@code url}, its logs and results named {@code name}. */
    ConformanceSuite(String url, String name) {
        this.url = url;
        this.name = name;
    }

    /** Every scenario {@code revision} requires must pass (the exit code says whether they all did). */
    void requirements(String revision) throws Exception {
        NodeTools.Outcome outcome = run(name + "-" + revision, "--requirements", revision);
        assertEquals(0, outcome.exitCode(), () -> revision + " conformance failed:\n" + outcome.tail(12000));
    }

    /** Runs each scenario alone at {@code specVersion}; each must pass. */
    void scenarios(String specVersion, String... names) throws Exception {
        for (String scenario : names) {
            NodeTools.Outcome outcome = scenario(specVersion, scenario);
            assertEquals(0, outcome.exitCode(), () -> scenario + " failed:\n" + outcome.tail(8000));
        }
    }

    /**
     * Runs each extension scenario alone (no spec version: the suite runs an extension's
     * scenarios at the revision they are written for); each must pass with at least one check
     * and none SKIPPED (a scenario of skipped checks still prints "0 failed").
     */
    void extensionScenarios(String... names) throws Exception {
        for (String scenario : names) {
            NodeTools.Outcome outcome = run(name + "-" + scenario, "--scenario", scenario);
            assertEquals(0, outcome.exitCode(), () -> scenario + " failed:\n" + outcome.tail(8000));
            assertFalse(outcome.output().contains("SKIPPED"),
                    () -> scenario + " skipped checks:\n" + outcome.tail(8000));
            assertTrue(outcome.output().matches("(?s).*Passed: [1-9][0-9]*/.*"),
                    () -> scenario + " ran no check:\n" + outcome.tail(8000));
        }
    }

    /** Runs extension scenario {@code scenario} alone, whatever its outcome. */
    NodeTools.Outcome extensionScenario(String scenario) throws Exception {
        return run(name + "-" + scenario, "--scenario", scenario);
    }

    /** Runs {@code scenario} alone at {@code specVersion}, whatever its outcome. */
    NodeTools.Outcome scenario(String specVersion, String scenario) throws Exception {
        return run(name + "-" + specVersion + "-" + scenario, "--scenario", scenario, "--spec-version", specVersion);
    }

    private NodeTools.Outcome run(String log, String... selection) throws Exception {
        String[] args = new String[5 + selection.length];
        args[0] = "node_modules/@modelcontextprotocol/conformance/dist/index.js";
        args[1] = "server";
        args[2] = "--url";
        args[3] = url;
        args[4] = "--output-dir=" + Paths.get(System.getProperty("basedir", System.getProperty("user.dir")),
                "target", name).toString();
        System.arraycopy(selection, 0, args, 5, selection.length);
        return NodeTools.runNode(log, Duration.ofMinutes(4), args);
    }
}
