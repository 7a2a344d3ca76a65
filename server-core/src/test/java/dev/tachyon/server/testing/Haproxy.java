package dev.tachyon.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the Debian package {@code haproxy}, listed in {@code .ci/apt-packages}) run by a
 * test: its configuration is written to a file, the process started in the foreground
 * ({@code -db}), and {@link #start} returns once a front end accepts connections. Its output goes
 * to {@code haproxy.log} beside the configuration, quoted when it fails to start.
 */
public final class Haproxy implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Haproxy(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts HAProxy with {@code configLines} (without the {@code global}/{@code defaults} sections,
     * which this adds: 30-s client and server timeouts) in {@code dir}, and waits until
     * {@code probe} accepts a connection. Probe an HTTP-mode front end: it connects to its server
     * only for a request, so probing takes no place from a capped server.
     */
    public static Haproxy start(Path dir, InetSocketAddress probe, List<String> configLines) throws Exception {
        Path config = dir.resolve("haproxy.cfg");
        StringBuilder text = new StringBuilder(String.join("\n",
                "global",
                "    maxconn 1000",
                "defaults",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                ""));
        for (String line : configLines) {
            text.append(line).append('\n');
        }
        Files.writeString(config, text);
        return startFile(config, probe);
    }

    /**
     * Starts HAProxy with the complete configuration file {@code config} (global and defaults
     * included), logging to {@code haproxy.log} beside it, and waits until {@code probe} accepts
     * a connection.
     */
    public static Haproxy startFile(Path config, InetSocketAddress probe) throws Exception {
        Path log = config.resolveSibling("haproxy.log");
        Process process = new ProcessBuilder(binary(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy haproxy = new Haproxy(process, log);
        try {
            haproxy.awaitListening(probe);
        } catch (Exception | AssertionError e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    /** {@code host:port} as HAProxy's {@code bind} and {@code server} lines take it. */
    public static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private void awaitListening(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 1_000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("HAProxy did not start:\n" + Files.readString(log), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The path of HAProxy from the Debian package (in /usr/sbin, often not on a user's PATH); fails loudly when missing. */
    public static String binary() {
        for (String directory : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "haproxy");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("haproxy is not installed: it comes with the Debian package 'haproxy', which "
                + ".ci/apt-packages lists; run .ci/run (it installs what is missing) or apt-get install haproxy");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
