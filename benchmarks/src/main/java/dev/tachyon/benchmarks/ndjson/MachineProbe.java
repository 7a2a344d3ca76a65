package dev.tachyon.benchmarks.ndjson;

import java.lang.management.ThreadMXBean;

/**
 * A fixed piece of work whose compiled code cannot change from run to run (one loop over 64 KiB
 * of ints, a multiply-add chain, no calls, no allocation, no reference stores): the thread CPU
 * time it takes says what state the machine is in, not what the JIT did. On this project's
 * shared 2-vCPU VM it takes ~0.9-1.0 ms in the windows where {@link CpuPerCall} reads its lower
 * level and ~1.05-1.2 ms in those where it reads the upper one, in the same JVM with no
 * compilation between them (RESULTS.md, "TCP, tenth pass"): a window is only comparable with
 * another taken in the same machine state.
 */
final class MachineProbe {

    private static final int ROUNDS = 64;
    private static final int REPEATS = 200;

    private final int[] data = new int[16_384];
    private long sink;

    MachineProbe() {
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0x9E3779B9;
        }
        // compiled before the first reading, so every reading runs the same C2 code
        for (int i = 0; i < 3_000; i++) {
            sink += once();
        }
    }

    /** Thread CPU microseconds of one pass of the fixed work (the mean of {@value #REPEATS}). */
    double micros(ThreadMXBean threads) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < REPEATS; i++) {
            sink += once();
        }
        return (threads.getCurrentThreadCpuTime() - start) / (REPEATS * 1e3);
    }

    /** What the work computed, so the JIT cannot drop it. */
    long sink() {
        return sink;
    }

    private long once() {
        long h = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int value : data) {
                h = h * 31 + (value ^ r);
            }
        }
        return h;
    }
}
