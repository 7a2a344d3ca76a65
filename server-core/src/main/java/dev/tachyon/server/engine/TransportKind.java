package dev.tachyon.server.engine;

/**
 * The transport a session arrived on, as the {@code transport} label of metrics and health:
 * given by the transport when it opens the session ({@link McpEngine#openSession}) and kept
 * by it ({@link McpSession#transport()}).
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
}
