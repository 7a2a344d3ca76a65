package dev.tachyon.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/tachyon} started as its own process, the way users start it: waits for the ready
 * line on stderr, keeps the rest of stderr for failure messages, and stops it with SIGTERM.
 * For integration tests ({@code *IT}), which run after the distribution is packaged.
 */
public final class TachyonProcess implements AutoCloseable {

    private static final int FIRST_PORT = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();

    private TachyonProcess(Process process) {
        this.process = process;
    }

    /** The repository root (the parent of the server-core module). */
    public static Path projectRoot() {
        return Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    }

    /**
     * A TCP port free right now on 127.0.0.1 and not handed out before by this JVM, below the
     * kernel's ephemeral range when there is room: a process binds it a moment later, and a port
     * of that range may meanwhile become the local end of some client's connection.
     */
    public static int freePort() throws IOException {
        int end = ephemeralRangeStart();
        if (end - FIRST_PORT < 1_000) {
            try (ServerSocket probe = new ServerSocket(0)) {
                return probe.getLocalPort();
            }
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(end - FIRST_PORT);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (BindException taken) {
                // someone listens there; try another
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + ".." + end);
    }

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32_768; // Linux's default
        }
    }

    /** Runs {@code bin/tachyon args...} and waits until it says it is ready. */
    public static TachyonProcess start(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(projectRoot().resolve("bin/tachyon").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        TachyonProcess tachyon = new TachyonProcess(builder.start());
        tachyon.awaitReady();
        return tachyon;
    }

    private void awaitReady() throws InterruptedException {
        BlockingQueue<Boolean> ready = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                    if (line.startsWith("tachyon ready:")) {
                        ready.offer(Boolean.TRUE);
                    }
                }
            } catch (IOException e) {
                stderr.append(e).append('\n');
            }
            ready.offer(Boolean.FALSE);
        }, "tachyon-stderr");
        reader.setDaemon(true);
        reader.start();
        Boolean ok = ready.poll(3, TimeUnit.MINUTES); // the first start may build the project
        if (!Boolean.TRUE.equals(ok)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/tachyon did not become ready; stderr:\n" + stderr);
        }
    }

    /** Everything it wrote to stderr so far. */
    public String stderr() {
        return stderr.toString();
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
