package dev.tachyon.server.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Skill;
import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.ConfigMapping;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.config.ConfigLoader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading skills from {@code tachyon.skills.directory}: what is a skill, what is skipped, and
 * start-up errors that name the file, bounds checked before a file is read.
 */
class SkillDirectoryTest {

    @TempDir
    Path root;

    private Path skill(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.write(dir.resolve("SKILL.md"), SkillSetTest.manifest(name));
        return dir;
    }

    @Test
    void subdirectoriesWithAManifestAreSkillsWithTheirNestedFilesAndHiddenOnesAndLinksAreSkipped() throws Exception {
        Path one = skill("one");
        Files.createDirectories(one.resolve("scripts"));
        Files.writeString(one.resolve("scripts/run.sh"), "echo hi\n");
        Files.writeString(one.resolve(".secret"), "no");
        Files.createSymbolicLink(one.resolve("passwd"), Path.of("/etc/passwd"));
        skill("two");
        Files.createDirectories(root.resolve("empty"));
        List<Skill> skills = SkillDirectory.load(root);
        assertEquals(List.of("one", "two"), skills.stream().map(Skill::name).toList());
        assertEquals(List.of("SKILL.md", "scripts/run.sh"), List.copyOf(skills.get(0).files().keySet()));
    }

    @Test
    void aMalformedManifestFailsTheStartNamingTheFile() throws Exception {
        Path bad = Files.createDirectories(root.resolve("bad"));
        Files.writeString(bad.resolve("SKILL.md"), "---\nname: other\ndescription: d\n---\n");
        String message = assertThrows(IllegalArgumentException.class, () -> SkillDirectory.load(root)).getMessage();
        assertTrue(message.startsWith(bad.resolve("SKILL.md").toString()), message);
        assertTrue(message.contains("frontmatter name 'other'"), message);
    }

    @Test
    void anOversizedFileIsRefusedByItsSizeBeforeItIsRead() throws Exception {
        Path dir = skill("huge");
        Path file = dir.resolve("huge.bin");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(SkillSet.MAX_SKILL_BYTES + 1); // sparse: no 16 MiB written, none read
        }
        String message = assertThrows(IllegalArgumentException.class, () -> SkillDirectory.load(root)).getMessage();
        assertTrue(message.startsWith(file.toString()) && message.contains("holds more than"), message);
    }

    @Test
    void tooManyFilesAreRefusedNamingTheFirstOneOver() throws Exception {
        Path dir = skill("many");
        for (int i = 0; i < SkillSet.MAX_FILES_PER_SKILL; i++) {
            Files.writeString(dir.resolve(String.format("f%03d.txt", i)), "");
        }
        String message = assertThrows(IllegalArgumentException.class, () -> SkillDirectory.load(root)).getMessage();
        assertTrue(message.contains("has more than 512 files"), message);
    }

    @Test
    void theConfigurationKeyReachesTheServerAndAMissingDirectoryFailsItsBuild() throws Exception {
        skill("cfg");
        Properties properties = new Properties();
        properties.setProperty("tachyon.skills.directory", root.toString());
        TachyonServer server = ConfigMapping.builder(ConfigLoader.load(null, Map.of(), properties)).build();
        assertTrue(ServerInternals.engine(server).catalogs().skills().hasSkill("skill://cfg/SKILL.md"));
        properties.setProperty("tachyon.skills.directory", root.resolve("absent").toString());
        String message = assertThrows(IllegalArgumentException.class,
                () -> ConfigMapping.builder(ConfigLoader.load(null, Map.of(), properties)).build()).getMessage();
        assertTrue(message.contains(root.resolve("absent") + " is not a directory"), message);
    }
}
