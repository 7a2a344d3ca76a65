package dev.tachyon.vmtuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves every JVM profile starts, without a single warning, on the JDK running the tests
 * (and on any JDK listed in {@code -Dvmtuning.javaHomes}), and that the files follow their
 * format: a reason above every flag, version markers the launcher honours.
 */
class ProfilesTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path ROOT = MODULE.getParent();
    private static final List<String> REQUIRED_PROFILES = List.of("default", "throughput", "low-latency", "small-footprint");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?([0-9]+)", Pattern.MULTILINE);
    /** What the JVM prints about options it rejects or merely tolerates; any of it fails a profile. */
    private static final List<String> COMPLAINTS = List.of("warning", "unrecognized", "obsolete", "deprecated",
            "ignoring option", "error", "could not");

    static Stream<Path> optionFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(MODULE.resolve("jvm.options"));
        try (Stream<Path> profiles = Files.list(MODULE.resolve("profiles"))) {
            profiles.filter(p -> p.toString().endsWith(".options")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    /** Every JDK to start: the one running the tests, then any given in -Dvmtuning.javaHomes. */
    static Stream<Path> javaHomes() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String extra = System.getProperty("vmtuning.javaHomes", "");
        for (String home : extra.split(File.pathSeparator)) {
            if (!home.isBlank()) {
                homes.add(Path.of(home.strip()));
            }
        }
        return homes.stream();
    }

    @Test
    void theRequiredProfilesExist() {
        for (String name : REQUIRED_PROFILES) {
            assertTrue(Files.isRegularFile(profile(name)), () -> "missing profile " + name);
        }
    }

    @ParameterizedTest
    @MethodSource("optionFiles")
    void everyFlagHasAReasonAndNoneHidesUnknownOptions(Path path) throws IOException {
        OptionsFile file = OptionsFile.read(path);
        assertFalse(file.flags().isEmpty(), () -> path + " has no flags");
        for (OptionsFile.Flag flag : file.flags()) {
            assertFalse(flag.reason().isEmpty(), () -> path + ":" + flag.line() + ": " + flag.flag()
                    + " has no # comment directly above it giving its reason");
        }
        // Not even in a comment: an unknown flag must fail loudly, never be silently dropped.
        assertFalse(Files.readString(path).contains("IgnoreUnrecognizedVMOptions"), path::toString);
    }

    @Test
    void jvmOptionsHasTheDefaultProfilesFlags() throws IOException {
        assertEquals(describe(OptionsFile.read(profile("default"))), describe(OptionsFile.read(MODULE.resolve("jvm.options"))));
    }

    @ParameterizedTest
    @MethodSource("optionFiles")
    void theJvmStartsWithEveryFlagAndNoWarning(Path path) throws Exception {
        OptionsFile file = OptionsFile.read(path);
        for (Path home : (Iterable<Path>) javaHomes()::iterator) {
            int feature = featureOf(home);
            List<String> command = new ArrayList<>();
            command.add(home.resolve("bin/java").toString());
            command.addAll(file.flagsFor(feature));
            // Pre-touching GiBs of heap takes tens of seconds on some VMs; the flag is still parsed,
            // which is what this test checks, and the later flag only turns the work off.
            command.add("-XX:-AlwaysPreTouch");
            command.add("-version");
            Result result = run(command, Map.of());
            String where = path.getFileName() + " on JDK " + feature + " (" + home + ")";
            assertEquals(0, result.exitCode, () -> where + " failed to start:\n" + result.output);
            for (String line : result.output.split("\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                for (String complaint : COMPLAINTS) {
                    assertFalse(lower.contains(complaint), () -> where + " printed: " + line + "\n" + result.output);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("optionFiles")
    void theLauncherSelectsTheSameFlags(Path path) throws Exception {
        OptionsFile file = OptionsFile.read(path);
        for (Path home : (Iterable<Path>) javaHomes()::iterator) {
            List<String> printed = launcherFlags(path, home, null);
            assertEquals(file.flagsFor(featureOf(home)), printed, () -> "bin/tachyon with " + path + " on " + home);
        }
    }

    @Test
    void javaOptsComeLastSoTheyWin() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        List<String> printed = launcherFlags(MODULE.resolve("jvm.options"), home, "-Xmx2g  -Dtachyon.x=1");
        assertEquals(List.of("-Xmx2g", "-Dtachyon.x=1"), printed.subList(printed.size() - 2, printed.size()));
    }

    @Test
    void theLauncherRejectsAnUnknownProfile() throws Exception {
        Result result = run(List.of("bash", ROOT.resolve("bin/tachyon").toString(), "--jvm-profile", "nope",
                "--print-jvm-flags"), Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertEquals(2, result.exitCode, result.output);
        assertTrue(result.output.contains("no JVM profile 'nope' (available: default low-latency small-footprint throughput)"),
                result.output);
    }

    private static List<String> launcherFlags(Path options, Path home, String javaOpts) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/tachyon").toString()));
        if (!options.getFileName().toString().equals("jvm.options")) {
            command.add("--jvm-profile");
            command.add(options.getFileName().toString().replaceFirst("\\.options$", ""));
        }
        command.add("--print-jvm-flags");
        Map<String, String> env = javaOpts == null ? Map.of("JAVA_HOME", home.toString())
                : Map.of("JAVA_HOME", home.toString(), "JAVA_OPTS", javaOpts);
        Result result = run(command, env);
        assertEquals(0, result.exitCode, result.output);
        return result.output.isEmpty() ? List.of() : List.of(result.output.split("\n"));
    }

    private static Path profile(String name) {
        return MODULE.resolve("profiles").resolve(name + ".options");
    }

    private static List<String> describe(OptionsFile file) {
        return file.flags().stream().map(f -> f.since() + ".." + f.until() + " " + f.flag()).collect(Collectors.toList());
    }

    private static int featureOf(Path home) throws IOException {
        if (home.equals(Path.of(System.getProperty("java.home")))) {
            return Runtime.version().feature();
        }
        Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
        assertTrue(m.find(), () -> "no JAVA_VERSION in " + home.resolve("release"));
        return Integer.parseInt(m.group(1));
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Options from the environment would be "Picked up" with a note on stderr and muddle the check.
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
                "JAVA_OPTS", "JAVA_HOME"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), () -> "timed out: " + command);
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
