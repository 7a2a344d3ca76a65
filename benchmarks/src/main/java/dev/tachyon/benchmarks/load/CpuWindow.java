package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The CPU time the server under test and the generator (this JVM) used over one measured window,
 * read from {@code /proc} at the window's two edges ({@link ProcessCpu}).
 *
 * <p>Both edges are read on the run's reporting thread, the one that then reads {@link #use()}.
 */
final class CpuWindow implements LoadRun.MeasuredWindow {

    /**
     * What the window cost: its length, and the CPU-seconds (user + system, all threads) of the
     * server and of the generator in it.
     */
    record Use(long serverPid, double seconds, double serverCpuSeconds, double generatorCpuSeconds) {

        /** Cores the server used on average over the window. */
        double serverCores() {
            return serverCpuSeconds / seconds;
        }

        double generatorCores() {
            return generatorCpuSeconds / seconds;
        }

        /** {@code answers} (those of the same window) per CPU-second of the server; NaN when it used none. */
        double perServerCpuSecond(long answers) {
            return serverCpuSeconds > 0 ? answers / serverCpuSeconds : Double.NaN;
        }

        String json(long answers) {
            return String.format("{%n  \"serverPid\": %d,%n  \"windowSeconds\": %.3f,%n  \"serverCpuSeconds\": %.3f,%n"
                    + "  \"generatorCpuSeconds\": %.3f,%n  \"serverCores\": %.3f,%n  \"generatorCores\": %.3f,%n"
                    + "  \"answers\": %d,%n  \"answersPerServerCpuSecond\": %.1f%n}%n", serverPid, seconds, serverCpuSeconds,
                    generatorCpuSeconds, serverCores(), generatorCores(), answers, perServerCpuSecond(answers))
                    .replace("NaN", "null");
        }
    }

    private final long serverPid;
    private final long generatorPid = ProcessHandle.current().pid();
    private long openedAt;
    private long serverAtOpen = -1;
    private long generatorAtOpen = -1;
    private long closedAt;
    private long serverAtClose = -1;
    private long generatorAtClose = -1;

    /** A window over the server whose JVM is (or is started by) {@code server}. */
    CpuWindow(ProcessHandle server) {
        this.serverPid = ProcessCpu.jvm(server).pid();
    }

    @Override
    public void opened() {
        openedAt = System.nanoTime();
        serverAtOpen = ProcessCpu.nanos(serverPid);
        generatorAtOpen = ProcessCpu.nanos(generatorPid);
    }

    @Override
    public void closed() {
        closedAt = System.nanoTime();
        serverAtClose = ProcessCpu.nanos(serverPid);
        generatorAtClose = ProcessCpu.nanos(generatorPid);
    }

    /** The window's use, or null when either edge could not be read (the server gone, no /proc). */
    Use use() {
        if (serverAtOpen < 0 || serverAtClose < 0 || generatorAtOpen < 0 || generatorAtClose < 0 || closedAt <= openedAt) {
            return null;
        }
        return new Use(serverPid, (closedAt - openedAt) / 1e9, (serverAtClose - serverAtOpen) / 1e9,
                (generatorAtClose - generatorAtOpen) / 1e9);
    }

    /** Writes {@code cpu.json} into the run's directory, next to its {@code result.json}. */
    static void write(Use use, RunResult result) throws IOException {
        Files.createDirectories(result.options.outDir);
        Files.writeString(result.options.outDir.resolve("cpu.json"), use.json(result.answers));
    }
}
