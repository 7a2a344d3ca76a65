package dev.tachyon.server.config;

import java.time.Duration;

/**
 * The canonical text of sizes and durations, as {@code config print} shows them and {@link
 * BuiltInDefaults} stores them: apart from {@link SettingsReader}, so that a start from the
 * built-in defaults formats values without initializing Typesafe Config's classes.
 */
final class CanonicalForms {

    /** Binary units, each 1024 times the one before. */
    static final String[] SIZE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    /** Duration units, longest first, with their length in {@link #DURATION_NANOS}. */
    static final String[] DURATION_UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
    static final long[] DURATION_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private CanonicalForms() {
    }

    /** {@code bytes} in the largest binary unit that holds it exactly: 4194304 is {@code 4 MiB}. */
    static String size(long bytes) {
        int unit = 0;
        long n = bytes;
        while (n != 0 && n % 1024 == 0 && unit < SIZE_UNITS.length - 1) {
            n /= 1024;
            unit++;
        }
        return n + " " + SIZE_UNITS[unit];
    }

    /** {@code d} in the largest unit that holds it exactly: 30 seconds is {@code 30s}. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < DURATION_NANOS.length; i++) {
            if (nanos % DURATION_NANOS[i] == 0) {
                return nanos / DURATION_NANOS[i] + DURATION_UNITS[i];
            }
        }
        throw new AssertionError("nanoseconds divide every duration");
    }
}
