package dev.tachyon.server.skills;

import dev.tachyon.api.Skill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads skills from a directory ({@code tachyon.skills.directory}): each subdirectory holding a
 * {@code SKILL.md} is a skill named by that subdirectory, and every regular file under it is
 * one of its files. Hidden entries (starting with ".") are skipped; symbolic links are not
 * followed, so a skill cannot reach outside its directory.
 *
 * <p>Read once at start-up within {@link SkillSet}'s bounds, checked before a file is read
 * (a file's size is known first), so an oversized tree costs no memory. Every error names the
 * file or directory at fault.
 */
public final class SkillDirectory {

    private SkillDirectory() {
    }

    /**
     * The skills under {@code root}, sorted by name.
     *
     * @throws IllegalArgumentException naming the path at fault (not a directory, a bound
     *     exceeded, a malformed SKILL.md)
     * @throws UncheckedIOException naming the path that could not be read
     */
    public static List<Skill> load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("skills directory " + root + " is not a directory");
        }
        List<Skill> skills = new ArrayList<>();
        long total = 0;
        for (Path dir : sortedChildren(root)) {
            if (hidden(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(dir.resolve(Skill.MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (skills.size() == SkillSet.MAX_SKILLS) {
                throw new IllegalArgumentException("skills directory " + root + " holds more than "
                        + SkillSet.MAX_SKILLS + " skills; " + dir + " is one too many");
            }
            Map<String, byte[]> files = new TreeMap<>();
            long bytes = read(dir, dir, files, 0);
            total += bytes;
            if (total > SkillSet.MAX_TOTAL_BYTES) {
                throw new IllegalArgumentException("skills directory " + root + ": " + dir + " takes the skills over "
                        + SkillSet.MAX_TOTAL_BYTES + " bytes in all");
            }
            Skill skill = Skill.of(dir.getFileName().toString(), files);
            try {
                SkillEntry.of(skill); // checked here so the error can name the file
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dir.resolve(Skill.MANIFEST) + ": " + e.getMessage(), e);
            }
            skills.add(skill);
        }
        return skills;
    }

    /** Reads the regular files under {@code dir} into {@code files}; returns the bytes read so far. */
    private static long read(Path skillDir, Path dir, Map<String, byte[]> files, long bytes) {
        for (Path path : sortedChildren(dir)) {
            if (hidden(path)) {
                continue;
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                bytes = read(skillDir, path, files, bytes);
                continue;
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                continue; // links, devices, sockets: not part of a skill
            }
            if (files.size() == SkillSet.MAX_FILES_PER_SKILL) {
                throw new IllegalArgumentException(path + ": skill " + skillDir + " has more than "
                        + SkillSet.MAX_FILES_PER_SKILL + " files");
            }
            try {
                long size = Files.size(path); // checked before reading: an oversized file costs no memory
                bytes += size;
                checkBytes(skillDir, path, bytes);
                byte[] content = Files.readAllBytes(path);
                bytes += content.length - size; // it may have changed since its size was taken
                checkBytes(skillDir, path, bytes);
                files.put(skillDir.relativize(path).toString().replace(java.io.File.separatorChar, '/'), content);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read skill file " + path + ": " + e.getMessage(), e);
            }
        }
        return bytes;
    }

    private static void checkBytes(Path skillDir, Path path, long bytes) {
        if (bytes > SkillSet.MAX_SKILL_BYTES) {
            throw new IllegalArgumentException(path + ": skill " + skillDir + " holds more than "
                    + SkillSet.MAX_SKILL_BYTES + " bytes");
        }
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list skills directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
