package dev.tachyon.server.skills;

import dev.tachyon.api.Resource;
import dev.tachyon.api.Skill;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skills a server serves through the skills extension ({@code io.modelcontextprotocol/skills},
 * SEP-2640), checked and encoded once when the server is built; immutable, so every event loop
 * reads it without locks.
 *
 * <p>Bounded, since every skill is held in memory: at most {@link #MAX_SKILLS} skills and
 * {@link #MAX_TOTAL_BYTES} in all; per skill at most {@link #MAX_FILES_PER_SKILL} files and
 * {@link #MAX_SKILL_BYTES} (the limits SEP-2640 says a server SHOULD NOT exceed).
 */
public final class SkillSet {

    /** Skills one server serves. */
    public static final int MAX_SKILLS = 256;
    /** Files of one skill, SKILL.md included (SEP-2640's limit). */
    public static final int MAX_FILES_PER_SKILL = 512;
    /** Bytes of one skill's files (SEP-2640's limit, 16 MiB). */
    public static final long MAX_SKILL_BYTES = 16L * 1024 * 1024;
    /** Bytes of all skills' files: what the skills may add to the heap, 64 MiB. */
    public static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    /** Characters of one SKILL.md's frontmatter. */
    static final int MAX_FRONTMATTER_CHARS = 64 * 1024;

    /** No skills: the extension is not declared and its methods are not found. */
    public static final SkillSet NONE = new SkillSet(List.of());

    private final List<SkillEntry> entries;
    private final Map<String, SkillEntry> byUri;
    private final Map<String, List<SkillEntry.Child>> directories;

    private SkillSet(List<SkillEntry> entries) {
        this.entries = entries;
        Map<String, SkillEntry> uris = new LinkedHashMap<>();
        Map<String, List<SkillEntry.Child>> dirs = new HashMap<>();
        for (SkillEntry entry : entries) {
            uris.put(entry.uri(), entry);
            dirs.putAll(entry.directories());
        }
        this.byUri = Map.copyOf(uris);
        this.directories = Map.copyOf(dirs);
    }

    /**
     * Checks and encodes {@code skills}, in this order.
     *
     * @throws IllegalArgumentException naming the skill (and file) at fault: a bound exceeded, a
     *     name used twice, a missing or malformed SKILL.md
     */
    public static SkillSet of(List<Skill> skills) {
        if (skills.size() > MAX_SKILLS) {
            throw new IllegalArgumentException(skills.size() + " skills, more than " + MAX_SKILLS);
        }
        List<SkillEntry> entries = new ArrayList<>(skills.size());
        Map<String, Boolean> names = new HashMap<>();
        long total = 0;
        for (Skill skill : skills) {
            if (names.put(skill.name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("skill '" + skill.name() + "' is given twice");
            }
            SkillEntry entry = SkillEntry.of(skill);
            total += entry.bytes();
            if (total > MAX_TOTAL_BYTES) {
                throw new IllegalArgumentException("skill '" + skill.name() + "' takes the skills over "
                        + MAX_TOTAL_BYTES + " bytes in all");
            }
            entries.add(entry);
        }
        return entries.isEmpty() ? NONE : new SkillSet(List.copyOf(entries));
    }

    /** Whether there are no skills (then the extension is not declared). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A resource per skill file, {@code skill://<name>/<path>}: what resources/list and resources/read serve. */
    public List<Resource> resources() {
        List<Resource> all = new ArrayList<>();
        entries.forEach(e -> all.addAll(e.resources()));
        return all;
    }

    /** Whether {@code uri} is the SKILL.md of a skill here (what {@code skills/get} takes). */
    public boolean hasSkill(String uri) {
        return byUri.containsKey(uri);
    }

    /** Whether {@code uri} is a directory of a skill here (what {@code resources/directory/read} takes). */
    public boolean isDirectory(String uri) {
        return directories.containsKey(uri);
    }

    /** Writes the {@code skills/list} result: every entry, one page (the set is bounded). */
    public void writeList(ByteBuf out) {
        out.writeBytes(LIST_OPEN);
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeBytes(entries.get(i).json());
        }
        out.writeBytes(CLOSE);
    }

    /**
     * Writes the {@code skills/get} result for the skill whose SKILL.md is {@code uri}.
     *
     * @return false, writing nothing, when no skill has that uri
     */
    public boolean writeGet(ByteBuf out, String uri) {
        SkillEntry entry = byUri.get(uri);
        if (entry == null) {
            return false;
        }
        out.writeBytes(GET_OPEN);
        out.writeBytes(entry.json());
        out.writeByte('}');
        return true;
    }

    /**
     * Writes the {@code resources/directory/read} result: the direct children of the skill
     * directory {@code uri} (a skill's root {@code skill://<name>} or a folder in it), folders
     * with mimeType {@code inode/directory}.
     *
     * @return false, writing nothing, when {@code uri} is no directory of a skill
     */
    public boolean writeDirectory(ByteBuf out, String uri) {
        List<SkillEntry.Child> children = directories.get(uri);
        if (children == null) {
            return false;
        }
        DirectoryJson.write(out, children);
        return true;
    }

    private static final byte[] LIST_OPEN = "{\"skills\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GET_OPEN = "{\"skill\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
