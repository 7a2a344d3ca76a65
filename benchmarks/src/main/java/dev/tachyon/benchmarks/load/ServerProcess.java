package dev.tachyon.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server under test running as a child process: started, awaited until it prints its ready
 * line, and stopped with SIGTERM (SIGKILL when it does not exit in time), its descendants
 * included. Everything it prints goes to a log file.
 *
 * <p>A shutdown hook stops it too, so a generator killed mid-run (Ctrl-C) leaves no server
 * behind.
 */
final class ServerProcess implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 15;

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;
    private final CountDownLatch ready = new CountDownLatch(1);
    /** The transports a load has run on since the process started. */
    private final Set<String> loaded = new HashSet<>();
    private volatile String readyLine;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::stop, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} and waits until a line of its output contains {@code readyText}.
     *
     * @throws LoadRun.RunFailed when the process exits or stays silent for {@code timeoutSeconds}
     */
    static ServerProcess start(String name, List<String> command, Path log, String readyText, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(name, process, log);
        Thread pump = new Thread(() -> server.pump(readyText), name + "-output");
        pump.setDaemon(true);
        pump.start();
        boolean up = server.ready.await(timeoutSeconds, TimeUnit.SECONDS);
        if (!up || !process.isAlive()) {
            server.close();
            throw new LoadRun.RunFailed(name + (process.isAlive() ? " printed no ready line in " + timeoutSeconds + " s"
                    : " exited with status " + process.exitValue() + " before it was ready") + "; its output is in " + log);
        }
        return server;
    }

    /**
     * Whether this is the first load on {@code transport} since the process started (and notes
     * that one has run): such a run needs the long warm-up, since another transport's runs leave
     * this one's code cold (not compiled, and G1 sized for another allocation rate).
     */
    boolean firstLoadOn(String transport) {
        return loaded.add(transport);
    }

    /** The line that said the server was ready. */
    String readyLine() {
        return readyLine;
    }

    long pid() {
        return process.pid();
    }

    /** The started process (a launcher script's JVM may be its descendant: {@link ProcessCpu#jvm}). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Copies the output to the log, noting the ready line; releases the waiter when the output ends. */
    private void pump(String readyText) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                if (readyLine == null && line.contains(readyText)) {
                    readyLine = line;
                    out.flush();
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process is gone; start() reports it
        } finally {
            ready.countDown();
        }
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops the process (SIGTERM, then SIGKILL after 15 s) and its descendants. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
