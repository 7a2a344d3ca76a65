package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsFormatTest {

    @Test
    void sizesUseTheLargestExactBinaryUnit() {
        assertEquals("0 B", SettingsReader.size(0));
        assertEquals("1000 B", SettingsReader.size(1000));
        assertEquals("1 KiB", SettingsReader.size(1024));
        assertEquals("1536 KiB", SettingsReader.size(1536 * 1024));
        assertEquals("4 MiB", SettingsReader.size(4L << 20));
        assertEquals("2 GiB", SettingsReader.size(2L << 30));
        assertEquals("2147483647 B", SettingsReader.size(Integer.MAX_VALUE));
    }

    @Test
    void durationsUseTheLargestExactUnit() {
        assertEquals("0s", SettingsReader.duration(Duration.ZERO));
        assertEquals("30s", SettingsReader.duration(Duration.ofSeconds(30)));
        assertEquals("1500ms", SettingsReader.duration(Duration.ofMillis(1500)));
        assertEquals("2m", SettingsReader.duration(Duration.ofMinutes(2)));
        assertEquals("90s", SettingsReader.duration(Duration.ofSeconds(90)));
        assertEquals("1d", SettingsReader.duration(Duration.ofHours(24)));
        assertEquals("7ns", SettingsReader.duration(Duration.ofNanos(7)));
        assertEquals("250us", SettingsReader.duration(Duration.ofNanos(250_000)));
    }

    @Test
    void automaticThreadCountsFollowTheCores() {
        assertEquals(2, IoConfig.eventLoopThreadsFor(0, 2));
        assertEquals(3, IoConfig.eventLoopThreadsFor(3, 2));
        assertEquals(4, WorkersConfig.threadsFor(0, 1));
        assertEquals(4, WorkersConfig.threadsFor(0, 2));
        assertEquals(16, WorkersConfig.threadsFor(0, 8));
        assertEquals(1, WorkersConfig.threadsFor(1, 8));
        assertEquals(Runtime.getRuntime().availableProcessors(), new IoConfig(0, true).effectiveEventLoopThreads());
        assertEquals(5, new WorkersConfig(5, 1).effectiveThreads());
    }
}
