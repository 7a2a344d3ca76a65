package dev.tachyon.server;

import dev.tachyon.server.engine.McpEngine;

/**
 * The tests' way to the engine behind a {@link TachyonServer} (its memory level, workers,
 * breakers, sessions): plumbing the facade does not hand out publicly.
 */
public final class ServerInternals {

    private ServerInternals() {
    }

    /** The engine of {@code server}. */
    public static McpEngine engine(TachyonServer server) {
        return server.engine();
    }
}
