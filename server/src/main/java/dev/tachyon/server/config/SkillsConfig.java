package dev.tachyon.server.config;

/**
 * {@code tachyon.skills}: the skills served through the skills extension
 * ({@code io.modelcontextprotocol/skills}, SEP-2640).
 *
 * @param directory the directory whose subdirectories holding a {@code SKILL.md} are the skills,
 *                  read once at start; {@code ""} for none (the extension is then not declared
 *                  unless the Java API adds skills)
 */
public record SkillsConfig(String directory) {

    /** Whether a skills directory is configured. */
    public boolean configured() {
        return !directory.isEmpty();
    }
}
