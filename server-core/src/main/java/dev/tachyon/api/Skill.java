package dev.tachyon.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An Agent Skill served through the MCP skills extension ({@code io.modelcontextprotocol/skills},
 * SEP-2640): a name and the skill's files, keyed by their path inside the skill ("/"-separated,
 * relative, e.g. {@code "SKILL.md"}, {@code "references/FORMS.md"}). Immutable.
 *
 * <p>The server checks a skill when it is built, not here: {@code SKILL.md} must be present
 * and begin with YAML frontmatter whose {@code name} equals {@link #name()} and which has a
 * non-empty {@code description}; the name must follow the Agent Skills naming rules (1-64
 * lowercase letters, digits and single hyphens, no leading or trailing hyphen). Clients see
 * each file as the resource {@code skill://<name>/<path>}.
 *
 * <pre>{@code
 * TachyonServer.builder().skill(Skill.of("pdf-processing", Map.of(
 *         "SKILL.md", skillMd.getBytes(UTF_8),
 *         "references/FORMS.md", forms.getBytes(UTF_8))));
 * }</pre>
 */
public final class Skill {

    /** The manifest every skill has at its root. */
    public static final String MANIFEST = "SKILL.md";

    private final String name;
    private final Map<String, byte[]> files;

    private Skill(String name, Map<String, byte[]> files) {
        this.name = name;
        this.files = files;
    }

    /**
     * A skill of these files (copied; the byte arrays are cloned, so later changes to them are not seen).
     *
     * @throws NullPointerException if an argument, a path or a file's bytes is null
     * @throws IllegalArgumentException if a path is empty, absolute, or has an empty, "." or ".." segment
     */
    public static Skill of(String name, Map<String, byte[]> files) {
        Describable.requireText(name, "skill name");
        Objects.requireNonNull(files, "files");
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((path, bytes) -> copy.put(checkPath(path), Objects.requireNonNull(bytes, path).clone()));
        return new Skill(name, Collections.unmodifiableMap(copy));
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("skill file path '" + path + "' must be relative and name a file");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("skill file path '" + path + "' has an empty, '.' or '..' segment");
            }
        }
        return path;
    }

    /** The skill's name: the last segment of its URI and its frontmatter {@code name}. */
    public String name() {
        return name;
    }

    /** The files by path, sorted by path; the arrays are this skill's own, do not change them. */
    public Map<String, byte[]> files() {
        return files;
    }
}
