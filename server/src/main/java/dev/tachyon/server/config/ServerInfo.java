package dev.tachyon.server.config;

/**
 * {@code tachyon.server}: what the server calls itself in the {@code initialize} result.
 *
 * @param name    {@code serverInfo.name}, never empty
 * @param version {@code serverInfo.version}, never empty
 */
public record ServerInfo(String name, String version) {
}
