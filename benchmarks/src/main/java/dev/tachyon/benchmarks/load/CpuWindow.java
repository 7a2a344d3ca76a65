package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * The CPU time the server under test and the generator (this JVM) used over one measured window,
 * read from {@code /proc} at the window's two edges ({@link ProcessCpu}), with the part of it
 * each spent in the kernel.
 *
 * <p>Both edges are read on the run's reporting thread, the one that then calls {@link #report}.
 */
final class CpuWindow implements LoadRun.MeasuredWindow {

    /**
     * What the window cost: its length, and the CPU-seconds (user + system, all threads) of the
     * server and of the generator in it, with the system (kernel) part of each.
     */
    record Use(long serverPid, double seconds, double serverCpuSeconds, double generatorCpuSeconds,
            double serverSystemSeconds, double generatorSystemSeconds) {

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

        /** The share of the server's CPU time spent in the kernel (0 to 1); NaN when it used none. */
        double serverSystemShare() {
            return serverCpuSeconds > 0 ? serverSystemSeconds / serverCpuSeconds : Double.NaN;
        }

        /** The summary's line for this window: cores, answers per server CPU-second, the kernel's share. */
        String line(long answers) {
            return String.format("  server cpu   %.2f cores (pid %d, %.0f%% in the kernel), generator %.2f cores,"
                    + " %,.0f answers per server CPU-second", serverCores(), serverPid, 100 * serverSystemShare(),
                    generatorCores(), perServerCpuSecond(answers)).replace("NaN", "-");
        }

        String json(long answers) {
            return String.format("{%n  \"serverPid\": %d,%n  \"windowSeconds\": %.3f,%n  \"serverCpuSeconds\": %.3f,%n"
                    + "  \"generatorCpuSeconds\": %.3f,%n  \"serverSystemSeconds\": %.3f,%n"
                    + "  \"generatorSystemSeconds\": %.3f,%n  \"serverCores\": %.3f,%n  \"generatorCores\": %.3f,%n"
                    + "  \"answers\": %d,%n  \"answersPerServerCpuSecond\": %.1f%n}%n", serverPid, seconds, serverCpuSeconds,
                    generatorCpuSeconds, serverSystemSeconds, generatorSystemSeconds, serverCores(), generatorCores(),
                    answers, perServerCpuSecond(answers)).replace("NaN", "null");
        }
    }

    private final long serverPid;
    private final long generatorPid = ProcessHandle.current().pid();
    private long openedAt;
    private ProcessCpu.Times serverAtOpen;
    private ProcessCpu.Times generatorAtOpen;
    private long closedAt;
    private ProcessCpu.Times serverAtClose;
    private ProcessCpu.Times generatorAtClose;

    /** A window over the server whose JVM is (or is started by) {@code server}. */
    CpuWindow(ProcessHandle server) {
        this.serverPid = ProcessCpu.jvm(server).pid();
    }

    @Override
    public void opened() {
        openedAt = System.nanoTime();
        serverAtOpen = ProcessCpu.times(serverPid);
        generatorAtOpen = ProcessCpu.times(generatorPid);
    }

    @Override
    public void closed() {
        closedAt = System.nanoTime();
        serverAtClose = ProcessCpu.times(serverPid);
        generatorAtClose = ProcessCpu.times(generatorPid);
    }

    /** The window's use, or null when either edge could not be read (the server gone, no /proc). */
    private Use use() {
        if (serverAtOpen == null || serverAtClose == null || generatorAtOpen == null || generatorAtClose == null
                || closedAt <= openedAt) {
            return null;
        }
        return new Use(serverPid, (closedAt - openedAt) / 1e9,
                (serverAtClose.totalNanos() - serverAtOpen.totalNanos()) / 1e9,
                (generatorAtClose.totalNanos() - generatorAtOpen.totalNanos()) / 1e9,
                (serverAtClose.systemNanos() - serverAtOpen.systemNanos()) / 1e9,
                (generatorAtClose.systemNanos() - generatorAtOpen.systemNanos()) / 1e9);
    }

    /**
     * The window's use by {@code result}'s run, written as {@code cpu.json} next to its
     * {@code result.json} and printed as the summary's server line; null (nothing written or
     * printed) when either edge could not be read.
     */
    Use report(RunResult result, PrintStream out) throws IOException {
        Use use = use();
        if (use != null) {
            Files.createDirectories(result.options.outDir);
            Files.writeString(result.options.outDir.resolve("cpu.json"), use.json(result.answers));
            out.println(use.line(result.answers));
        }
        return use;
    }
}
