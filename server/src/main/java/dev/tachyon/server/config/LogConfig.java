package dev.tachyon.server.config;

/**
 * {@code tachyon.log}: how the server writes its log (always to stderr, asynchronously).
 *
 * @param format {@code "text"} (one human-readable line per event) or {@code "json"} (one JSON
 *               object per line: time, level, logger, thread, message, session, requestId, traceId)
 */
public record LogConfig(String format) {

    /** The values {@code tachyon.log.format} accepts. */
    public static final java.util.Set<String> FORMATS = java.util.Set.of("text", "json");

    /** Whether events are written as JSON lines. */
    public boolean json() {
        return "json".equals(format);
    }
}
