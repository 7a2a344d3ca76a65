package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code compare} and {@code curves} need to start the servers they measure as child
 * processes: where the project is, a free port, and the command of a child JVM on the
 * generator's own class path.
 */
final class ChildServers {

    private ChildServers() {
    }

    /** A child JVM running {@code mainClass} from this JVM's class path with {@code jvmFlags}. */
    static List<String> javaCommand(List<String> jvmFlags, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A port free on this machine now (the kernel's pick; a child binds it moments later). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The launcher's {@code -Dtachyon.bench.root}, else the nearest directory holding bin/tachyon. */
    static Path defaultRoot() {
        String fromLauncher = System.getProperty("tachyon.bench.root");
        if (fromLauncher != null) {
            return Path.of(fromLauncher);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/tachyon")) && Files.isDirectory(p.resolve("benchmarks"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
