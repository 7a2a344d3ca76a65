package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time a process has used, user plus system and the system part alone, from
 * {@code /proc/PID/stat}: the figures of the whole thread group, so every thread of a JVM counts,
 * those that have ended included.
 *
 * <p>Why: on a small machine the load generator shares the cores with the server under test, so
 * answers/s mixes the server's cost with the generator's; answers per CPU-second of the server
 * alone does not (README, "Benchmarks").
 */
final class ProcessCpu {

    /** Field 14 of {@code stat} (utime) is the 12th after the command's closing parenthesis; stime follows. */
    private static final int UTIME_AFTER_COMMAND = 11;

    /** Clock ticks per second, the unit of utime and stime (USER_HZ: 100 on every common Linux build). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /**
     * The user plus system clock ticks in one {@code /proc/PID/stat} line. The command (field 2)
     * is in parentheses and may itself hold spaces and parentheses, so the fields are counted from
     * its <em>last</em> closing parenthesis.
     *
     * @throws IllegalArgumentException when the line is not a stat line
     */
    static long ticks(String statLine) {
        long[] userAndSystem = userAndSystemTicks(statLine);
        return userAndSystem[0] + userAndSystem[1];
    }

    /** The system (kernel) clock ticks alone in one {@code /proc/PID/stat} line: its stime. */
    static long systemTicks(String statLine) {
        return userAndSystemTicks(statLine)[1];
    }

    /** utime and stime of one stat line, from one split of it. */
    private static long[] userAndSystemTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0 || statLine.indexOf('(') < 0 || statLine.indexOf('(') > close) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split(" +");
        if (fields.length <= UTIME_AFTER_COMMAND + 1) {
            throw new IllegalArgumentException("too few fields in a /proc/PID/stat line: " + statLine);
        }
        return new long[] {Long.parseLong(fields[UTIME_AFTER_COMMAND]), Long.parseLong(fields[UTIME_AFTER_COMMAND + 1])};
    }

    /** A process's CPU time at one instant: user plus system, and the system (kernel) part of it, in nanoseconds. */
    record Times(long totalNanos, long systemNanos) {
    }

    /**
     * The CPU time process {@code pid} has used, from one read of its stat, or null when it
     * cannot be read (gone, or not Linux).
     */
    static Times times(long pid) {
        try {
            long[] ticks = userAndSystemTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
            long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
            return new Times((ticks[0] + ticks[1]) * nanosPerTick, ticks[1] * nanosPerTick);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JVM of a started server: {@code launched} itself when it runs {@code java} (a launcher
     * script that {@code exec}s java ends up so), else its first descendant that does, else
     * {@code launched} (a server that is not a JVM, such as Node).
     */
    static ProcessHandle jvm(ProcessHandle launched) {
        if (isJava(launched)) {
            return launched;
        }
        List<ProcessHandle> descendants = launched.descendants().toList();
        return descendants.stream().filter(ProcessCpu::isJava).findFirst().orElse(launched);
    }

    private static boolean isJava(ProcessHandle p) {
        Optional<String> command = p.info().command();
        return command.isPresent() && Path.of(command.get()).getFileName().toString().equals("java");
    }

    private static long ticksPerSecond() {
        List<String> out = CompareReport.run(Path.of("/"), "getconf", "CLK_TCK");
        try {
            long hz = out.isEmpty() ? 100 : Long.parseLong(out.get(0));
            return hz > 0 && 1_000_000_000L % hz == 0 ? hz : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
