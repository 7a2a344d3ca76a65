package dev.tachyon.server.engine;

import dev.tachyon.server.engine.McpSession;

/**
 * The transport a session arrived on, as the {@code transport} label. Told by the session id's
 * prefix: TCP and stdio sessions are named {@code tcp-N} and {@code stdio-N}; any other id is
 * a Streamable HTTP session ({@code Mcp-Session-Id}).
 */
public enum TransportKind {
    TCP("tcp", true),
    STDIO("stdio", true),
    HTTP("http", false);

    private final String label;
    private final boolean connectionPerSession;

    TransportKind(String label, boolean connectionPerSession) {
        this.label = label;
        this.connectionPerSession = connectionPerSession;
    }

    /** The label value. */
    public String label() {
        return label;
    }

    /** Whether each session is one connection (its own socket or pipe) for its whole life. */
    public boolean connectionPerSession() {
        return connectionPerSession;
    }

    /** The transport of {@code session}. */
    public static TransportKind of(McpSession session) {
        String id = session.id();
        if (id.startsWith("tcp-")) {
            return TCP;
        }
        return id.startsWith("stdio-") ? STDIO : HTTP;
    }
}
