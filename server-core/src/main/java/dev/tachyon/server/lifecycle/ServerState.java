package dev.tachyon.server.lifecycle;

/** Where a server is in its life, as {@code /ready} and {@code /health} report it. */
public enum ServerState {
    /** Built, not started. */
    NEW,
    /** Binding its ports. */
    STARTING,
    /** Taking new work. */
    SERVING,
    /** Closing: no new connections, answering what it accepted. */
    DRAINING,
    /** Closed. */
    CLOSED
}
