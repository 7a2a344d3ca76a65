package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
     * Runs each extension scenario alone at the suite's default revision (an extension scenario
     * is off the spec timeline, so naming a revision would skip it whole); each must pass with
     * no check FAILURE and none SKIPPED: a server that does not declare an extension gets
     * "0 failed" with every check skipped, so the exit code alone proves nothing. Counted in the
     * scenario's own {@code checks.json} (a fresh directory per run) and in its output.
     */
    void extensionScenarios(String... names) throws Exception {
        for (String scenario : names) {
            Path dir = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "target", name,
                    "extension-" + scenario + "-" + System.nanoTime());
            NodeTools.Outcome outcome = run(name + "-" + scenario, dir, "--scenario", scenario);
            assertEquals(0, outcome.exitCode(), () -> scenario + " failed:\n" + outcome.tail(8000));
            String checks = checksJson(dir);
            assertEquals(0, count(STATUS_SKIPPED, checks), () -> scenario + " skipped checks:\n" + outcome.tail(8000));
            assertEquals(0, count(STATUS_FAILURE, checks), () -> scenario + " failed checks:\n" + outcome.tail(8000));
            assertTrue(count(STATUS_SUCCESS, checks) > 0, () -> scenario + " ran no check:\n" + outcome.tail(8000));
            assertFalse(outcome.output().contains("SKIPPED"), () -> scenario + " printed SKIPPED:\n" + outcome.tail(8000));
        }
    }

    private static final Pattern STATUS_SKIPPED = Pattern.compile("\"status\"\\s*:\\s*\"SKIPPED\"");
    private static final Pattern STATUS_FAILURE = Pattern.compile("\"status\"\\s*:\\s*\"FAILURE\"");
    private static final Pattern STATUS_SUCCESS = Pattern.compile("\"status\"\\s*:\\s*\"SUCCESS\"");

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The text of every {@code checks.json} under {@code dir}; fails when there is none. */
    private static String checksJson(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().equals("checks.json")).toList();
        }
        assertFalse(files.isEmpty(), () -> "no checks.json under " + dir);
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            all.append(Files.readString(file));
        }
        return all.toString();
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
        return run(log, Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "target", name),
                selection);
    }

    private NodeTools.Outcome run(String log, Path outputDir, String... selection) throws Exception {
        String[] args = new String[5 + selection.length];
        args[0] = "node_modules/@modelcontextprotocol/conformance/dist/index.js";
        args[1] = "server";
        args[2] = "--url";
        args[3] = url;
        args[4] = "--output-dir=" + outputDir;
        System.arraycopy(selection, 0, args, 5, selection.length);
        return NodeTools.runNode(log, Duration.ofMinutes(4), args);
    }
}
