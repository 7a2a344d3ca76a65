package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TachyonProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tachyon}'s class-data archive (AppCDS on JDK 17-24, the AOT cache on 25+): trained
 * once, used by the next starts, and never a reason for a start to fail, however stale or
 * broken it is. An IT because it needs the packaged distribution ({@code target/tachyon.jar}
 * and {@code target/lib}; a JVM cannot archive classes from directories), copied into a
 * directory of its own so that the test's archives and jar changes touch nothing else. Each
 * start is a real stdio session: an initialize request on stdin, its answer the first and only
 * line on stdout.
 */
class LauncherArchiveIT {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    @TempDir
    Path distribution;

    private Path jar;
    private Path lib;

    @BeforeEach
    void layOutTheDistribution() throws IOException {
        Path root = TachyonProcess.projectRoot();
        Path bin = Files.createDirectories(distribution.resolve("bin"));
        Files.copy(root.resolve("bin/tachyon"), bin.resolve("tachyon"), StandardCopyOption.COPY_ATTRIBUTES);
        Path profiles = Files.createDirectories(distribution.resolve("vm-tuning/profiles"));
        Files.copy(root.resolve("vm-tuning/jvm.options"), distribution.resolve("vm-tuning/jvm.options"));
        copyAll(root.resolve("vm-tuning/profiles"), profiles);
        Path target = Files.createDirectories(distribution.resolve("server/target"));
        jar = Files.copy(root.resolve("server/target/tachyon.jar"), target.resolve("tachyon.jar"));
        lib = Files.createDirectories(target.resolve("lib"));
        copyAll(root.resolve("server/target/lib"), lib);
        // The launcher uses an archive only while it is newer than the jar and lib: age them.
        Instant before = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(jar, FileTime.from(before));
        Files.setLastModifiedTime(lib, FileTime.from(before));
    }

    @Test
    void aTrainedArchiveIsUsedAndStdoutStillCarriesOnlyMcp() throws Exception {
        Path archive = trainArchive();
        assertTrue(archive.startsWith(distribution.resolve("server/target/cds")), archive::toString);
        assertTrue(Files.size(archive) > 0);

        Session session = Session.start(launcher(Map.of(), "serve", "--stdio"));
        assertTrue(session.jvmArguments().contains(archiveFlag(archive)),
                () -> "the JVM runs with the archive: " + session.jvmArguments());
        assertTrue(session.endsCleanly(), session::describe);
    }

    @Test
    void aBrokenOrMismatchedArchiveIsIgnoredAndAStaleOneRetrained() throws Exception {
        Path archive = trainArchive();

        // A jar of the class path changed after the training, the lib folder's time did not: the
        // launcher passes the archive, the JVM finds a jar that does not match and ignores it.
        Path someJar;
        try (Stream<Path> jars = Files.list(lib)) {
            someJar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(someJar, FileTime.from(Instant.now()));
        Session mismatched = Session.start(launcher(Map.of(), "serve", "--stdio"));
        assertTrue(mismatched.jvmArguments().contains(archiveFlag(archive)), mismatched::describe);
        assertTrue(mismatched.endsCleanly(), mismatched::describe);

        // Garbage in the archive file: the JVM cannot map it and starts without it.
        Files.setPosixFilePermissions(archive, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(archive, "not a class-data archive".repeat(1000).getBytes(StandardCharsets.UTF_8));
        Session broken = Session.start(launcher(Map.of(), "serve", "--stdio"));
        assertTrue(broken.jvmArguments().contains(archiveFlag(archive)), broken::describe);
        assertTrue(broken.endsCleanly(), broken::describe);

        // A jar newer than the archive (a rebuild): not used, trained again in the background.
        FileTime rebuilt = FileTime.from(Instant.now().plusSeconds(1));
        Files.setLastModifiedTime(jar, rebuilt);
        Session stale = Session.start(launcher(Map.of(), "serve", "--stdio"));
        assertFalse(stale.jvmArguments().contains(archiveFlag(archive)), stale::describe);
        assertTrue(stale.endsCleanly(), stale::describe);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (Files.getLastModifiedTime(archive).compareTo(rebuilt) <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.getLastModifiedTime(archive).compareTo(rebuilt) > 0, "the background training replaced it");
        Session retrained = Session.start(launcher(Map.of(), "serve", "--stdio"));
        assertTrue(retrained.jvmArguments().contains(archiveFlag(archive)), retrained::describe);
        assertTrue(retrained.endsCleanly(), retrained::describe);
    }

    @Test
    void offMeansNoArchiveAndNoTraining() throws Exception {
        Session session = Session.start(launcher(Map.of("TACHYON_CDS", "off"), "serve", "--stdio"));
        assertFalse(session.jvmArguments().stream().anyMatch(a -> a.contains("SharedArchiveFile") || a.contains("AOTCache")),
                session::describe);
        assertTrue(session.endsCleanly(), session::describe);
        assertFalse(Files.exists(distribution.resolve("server/target/cds")), "nothing trained");
        assertFalse(session.stderr().contains("TACHYON_CDS"), "the launcher's variable does not reach the server's config");
    }

    private Path trainArchive() throws Exception {
        // The archive a stdio start uses: the launcher picks its profile as for that start.
        Process process = launcher(Map.of(), "--train-archive", "serve", "--stdio").start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String output = readAll(process.getInputStream());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "training ends");
        assertEquals(0, process.exitValue(), () -> errors.join());
        return Path.of(output.strip());
    }

    /** The flag that makes this JDK's JVM map {@code archive}. */
    private static String archiveFlag(Path archive) {
        String flag = Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
        return flag + archive;
    }

    private ProcessBuilder launcher(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", distribution.resolve("bin/tachyon").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("TACHYON_") || name.startsWith("OTEL_")
                || List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS").contains(name));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder;
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** One stdio session: initialize sent, its answer read; then stdin closed and the exit awaited. */
    private static final class Session {
        private final Process process;
        private final String answer;
        private final List<String> jvmArguments;
        private final CompletableFuture<String> stderr;
        private final BufferedReader stdout;

        private Session(Process process, String answer, List<String> jvmArguments, CompletableFuture<String> stderr,
                BufferedReader stdout) {
            this.process = process;
            this.answer = answer;
            this.jvmArguments = jvmArguments;
            this.stderr = stderr;
            this.stdout = stdout;
        }

        static Session start(ProcessBuilder builder) throws Exception {
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream stdin = process.getOutputStream();
            stdin.write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    return e.toString();
                }
            }).get(3, TimeUnit.MINUTES);
            // Read while the server still runs (it waits for more input): exec made the launcher the JVM.
            List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
            return new Session(process, answer, arguments, stderr, stdout);
        }

        List<String> jvmArguments() {
            return jvmArguments;
        }

        /** Whether initialize was answered, and after stdin ended the process exited 0 with nothing more on stdout. */
        boolean endsCleanly() throws Exception {
            process.getOutputStream().close();
            boolean exited = process.waitFor(2, TimeUnit.MINUTES);
            StringBuilder rest = new StringBuilder();
            for (int c; (c = stdout.read()) >= 0; ) {
                rest.append((char) c);
            }
            stdout.close();
            return answer != null && answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":")
                    && exited && process.exitValue() == 0 && rest.length() == 0;
        }

        String stderr() throws Exception {
            return stderr.get(2, TimeUnit.MINUTES);
        }

        String describe() {
            return "answer " + answer + "; JVM arguments " + jvmArguments + "; stderr:\n" + stderr.getNow("(still open)");
        }
    }
}
