package dev.tachyon.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Quarkus MCP peer of {@code tachyon-bench compare}: a Maven project of its own in
 * {@code benchmarks/peers/quarkus} (outside the reactor, so the main build never downloads
 * Quarkus), built by its {@code build.sh} when missing or stale, run from its fast jar.
 */
final class QuarkusPeer {

    /** Text of the line Quarkus logs once it listens (it names the address). */
    static final String READY = "Listening on: ";

    private QuarkusPeer() {
    }

    /** Why the peer could not be built: Maven's first error lines, or where its log is. */
    static final class BuildFailed extends Exception {
        private static final long serialVersionUID = 1L;

        BuildFailed(String message) {
            super(message);
        }
    }

    /**
     * Builds the peer if needed (Maven's output into {@code log}) and returns its jar; blocks for
     * as long as the build takes (seconds when up to date, minutes on a first, online build).
     */
    static Path build(Path root, Path log) throws IOException, InterruptedException, BuildFailed {
        Path script = root.resolve("benchmarks/peers/quarkus/build.sh");
        Process build = new ProcessBuilder(script.toString()).directory(root.toFile()).redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String printed = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = build.waitFor();
        Path jar = status == 0 && !printed.isEmpty() ? Path.of(printed.substring(printed.lastIndexOf('\n') + 1)) : null;
        if (jar == null || !Files.isRegularFile(jar)) {
            String errors = String.join(" ", Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).limit(3).toList());
            throw new BuildFailed("the peer did not build (" + root.relativize(script) + ", exit " + status + "): "
                    + (errors.isEmpty() ? "see " + log : errors));
        }
        return jar;
    }

    /** The command that serves the peer's {@code /mcp} on 127.0.0.1:{@code port} (0: any free port). */
    static List<String> command(Path jar, List<String> jvmFlags, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        return command;
    }
}
