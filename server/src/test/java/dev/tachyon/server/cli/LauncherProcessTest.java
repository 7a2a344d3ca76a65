package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TachyonProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/tachyon} takes its own flags wherever they stand: {@code serve --jvm-profile NAME}
 * and {@code --jvm-profile NAME serve} both start the server on the profile's JVM flags.
 *
 * <p>The launcher runs from a copy of the distribution's layout (launcher, JVM profiles, and a
 * {@code tachyon.jar} whose manifest puts the test class path on the class path), so no build
 * runs; the flags are read from the started JVM's own command line.
 */
class LauncherProcessTest {

    private static final String PROFILE = "throughput";

    @TempDir
    static Path distribution;

    @BeforeAll
    static void layOutADistribution() throws IOException {
        Path root = TachyonProcess.projectRoot();
        Path bin = Files.createDirectories(distribution.resolve("bin"));
        Files.copy(root.resolve("bin/tachyon"), bin.resolve("tachyon"), StandardCopyOption.COPY_ATTRIBUTES);
        Path profiles = Files.createDirectories(distribution.resolve("vm-tuning/profiles"));
        Files.copy(root.resolve("vm-tuning/jvm.options"), distribution.resolve("vm-tuning/jvm.options"));
        try (Stream<Path> files = Files.list(root.resolve("vm-tuning/profiles"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, profiles.resolve(file.getFileName()));
            }
        }
        Path target = Files.createDirectories(distribution.resolve("server/target/lib"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                        .collect(Collectors.joining(" ")));
        try (OutputStream jar = new JarOutputStream(Files.newOutputStream(target.getParent().resolve("tachyon.jar")),
                manifest)) {
            jar.flush();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"after", "before"})
    void theProfileMayStandBeforeOrAfterTheCommand(String where) throws Exception {
        int port = TachyonProcess.freePort();
        List<String> serve = List.of("serve", "--tcp", "127.0.0.1:" + port);
        List<String> args = new ArrayList<>();
        if (where.equals("before")) {
            args.addAll(List.of("--jvm-profile", PROFILE));
            args.addAll(serve);
        } else {
            args.addAll(serve);
            args.addAll(List.of("--jvm-profile", PROFILE));
        }
        List<String> profileFlags = launcher("--jvm-profile", PROFILE, "--print-jvm-flags");
        assertFalse(profileFlags.isEmpty());
        assertTrue(profileFlags.contains("-XX:+UseParallelGC"), profileFlags::toString);

        Process process = launcherProcess(args).start();
        try {
            BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8));
            String ready = awaitReady(stderr);
            assertTrue(ready.contains("tcp 127.0.0.1:" + port), ready);
            // exec: the launcher's process is the JVM, and its command line holds the profile's flags in order.
            List<String> jvmArgs = List.of(process.info().arguments().orElseThrow());
            assertTrue(Collections.indexOfSubList(jvmArgs, profileFlags) == 0,
                    () -> "JVM arguments " + jvmArgs + " do not start with the profile's " + profileFlags);
            assertEquals(serve, jvmArgs.subList(jvmArgs.size() - serve.size(), jvmArgs.size()),
                    "the command gets its own arguments, without the launcher's");
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void launcherFlagsAnywhereAreTakenOutAndADoubleDashEndsThem() throws Exception {
        List<String> profileFlags = launcher("--jvm-profile", PROFILE, "--print-jvm-flags");
        assertEquals(profileFlags, launcher("serve", "--print-jvm-flags", "--jvm-profile=" + PROFILE));
        assertEquals(profileFlags, launcher("--print-jvm-flags", "serve", "--jvm-profile", PROFILE, "--tcp", "x:1"));
        // After "--" nothing is the launcher's: the default flags, not the profile's.
        assertEquals(launcher("--print-jvm-flags"), launcher("--print-jvm-flags", "--", "serve", "--jvm-profile", PROFILE));
    }

    @Test
    void aStdioOnlyServeRunsWithTheSmallFootprintProfileUnlessOneIsNamed() throws Exception {
        List<String> small = launcher("--jvm-profile", "small-footprint", "--print-jvm-flags");
        List<String> defaults = launcher("--print-jvm-flags");
        assertTrue(small.contains("-XX:+UseSerialGC") && !defaults.contains("-XX:+UseSerialGC"), small::toString);
        assertEquals(small, launcher("--print-jvm-flags", "serve", "--stdio"));
        assertEquals(small, launcher("--print-jvm-flags", "serve", "--fixture", "demo", "--stdio"));
        // A network listener beside stdio, or a profile named: the usual choice.
        assertEquals(defaults, launcher("--print-jvm-flags", "serve", "--stdio", "--tcp", "127.0.0.1:1"));
        assertEquals(defaults, launcher("--print-jvm-flags", "serve", "--stdio", "--http=127.0.0.1:1"));
        assertEquals(defaults, launcher("--print-jvm-flags", "serve", "--stdio", "--admin", "127.0.0.1:1"));
        assertEquals(defaults, launcher("--print-jvm-flags", "serve", "--stdio", "--jvm-profile", "default"));
        assertEquals(defaults, launcher("--print-jvm-flags", "serve"));
    }

    @Test
    void aProfileNamedTwiceIsAnError() throws Exception {
        Process process = launcherProcess(List.of("--jvm-profile", PROFILE, "serve", "--jvm-profile", "default",
                "--print-jvm-flags")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("--jvm-profile is given more than once"), output);
    }

    /** The lines {@code bin/tachyon args} prints (it must succeed). */
    private static List<String> launcher(String... args) throws Exception {
        Process process = launcherProcess(List.of(args)).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), errors);
        return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
    }

    private static ProcessBuilder launcherProcess(List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", distribution.resolve("bin/tachyon").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeAll(List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TACHYON_SHUTDOWN_READY_DELAY", "0s"); // no balancer watches /ready here
        return builder;
    }

    private static String awaitReady(BufferedReader stderr) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = stderr.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("tachyon ready:")) {
                return line;
            }
        }
        throw new AssertionError("no ready line; stderr was:\n" + seen);
    }
}
