package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tachyon serve} with a skills directory it cannot serve: one line naming the file, exit 1, nothing started. */
class ServeSkillsTest {

    @TempDir
    Path dir;

    @Test
    void aMalformedSkillFailsTheStartWithAMessageNamingTheFile() throws Exception {
        Path skill = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(skill.resolve("SKILL.md"), "no frontmatter here\n");
        Properties properties = new Properties();
        properties.setProperty("tachyon.skills.directory", dir.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ServeCommand.run(ConfigLoader.load(null, Map.of(), properties), "demo",
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.FAILED, code);
        assertEquals("tachyon: cannot start: " + skill.resolve("SKILL.md") + ": skill 'broken': SKILL.md: does not begin"
                + " with a YAML frontmatter block between '---' lines" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }
}
