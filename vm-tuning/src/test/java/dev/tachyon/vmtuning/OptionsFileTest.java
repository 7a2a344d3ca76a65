package dev.tachyon.vmtuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsFileTest {

    @TempDir
    Path dir;

    private OptionsFile read(String... lines) throws IOException {
        Path file = dir.resolve("t.options");
        Files.write(file, List.of(lines));
        return OptionsFile.read(file);
    }

    @Test
    void versionMarkersSelectFlagsByFeatureVersion() throws IOException {
        OptionsFile file = read(
                "# always",
                "-XX:+UseZGC",
                "# 21 and 22 only",
                "@since 21 @until 22 -XX:+ZGenerational",
                "  # 23 and later",
                "  @since 23   --sun-misc-unsafe-memory-access=allow  ",
                "# up to 20",
                "@until 20 -Dold=true");
        assertEquals(List.of("-XX:+UseZGC", "-Dold=true"), file.flagsFor(17));
        assertEquals(List.of("-XX:+UseZGC", "-XX:+ZGenerational"), file.flagsFor(21));
        assertEquals(List.of("-XX:+UseZGC", "-XX:+ZGenerational"), file.flagsFor(22));
        assertEquals(List.of("-XX:+UseZGC", "--sun-misc-unsafe-memory-access=allow"), file.flagsFor(25));
    }

    @Test
    void reasonIsTheCommentBlockDirectlyAbove() throws IOException {
        OptionsFile file = read("# header", "", "# first", "# second", "-Xss1m", "-Xmx1g", "# third", "", "-Xms1g");
        assertEquals(List.of("first", "second"), file.flags().get(0).reason());
        assertTrue(file.flags().get(1).reason().isEmpty());
        assertTrue(file.flags().get(2).reason().isEmpty(), "a blank line separates a comment from the flag");
    }

    @Test
    void malformedLinesNameFileAndLine() {
        assertMalformed(":2: expected exactly one flag", "# two flags", "-Xms1g -Xmx1g");
        assertMalformed(":2: unknown directive @from", "# x", "@from 21 -Xss1m");
        assertMalformed(":2: @since needs a JDK feature version", "# x", "@since -Xss1m");
        assertMalformed(":2: not a flag: Xss1m", "# x", "Xss1m");
        assertMalformed(":2: @since 22 is after @until 21", "# x", "@since 22 @until 21 -Xss1m");
    }

    private void assertMalformed(String expected, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(lines));
        assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    }
}
