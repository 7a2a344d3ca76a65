package dev.tachyon.api;

/** MCP logging levels (RFC 5424 severities), least severe first. */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name on the wire, e.g. {@code "warning"}. */
    public String wireName() {
        return wireName;
    }

    /** The level with this wire name, or null. */
    public static LogLevel fromWire(String name) {
        for (LogLevel level : values()) {
            if (level.wireName.equals(name)) {
                return level;
            }
        }
        return null;
    }
}
