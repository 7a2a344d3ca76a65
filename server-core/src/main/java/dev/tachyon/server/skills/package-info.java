/**
 * The skills extension's content ({@code io.modelcontextprotocol/skills}, SEP-2640): skills read
 * from a directory ({@link dev.tachyon.server.skills.SkillDirectory}) or given through the Java
 * API, checked, bounded and encoded once ({@link dev.tachyon.server.skills.SkillSet}). The engine
 * serves them ({@code skills/list}, {@code skills/get}, {@code resources/directory/read}); their
 * files are ordinary resources under {@code skill://}.
 */
package dev.tachyon.server.skills;
