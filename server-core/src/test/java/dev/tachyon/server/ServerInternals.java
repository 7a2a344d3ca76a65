package dev.tachyon.server;

import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.observability.Observability;

/**
 * The tests' way to the engine behind a {@link TachyonServer} (its memory level, workers,
 * breakers, sessions), its metrics, its connection budgets and HTTP session caps: plumbing the
 * facade does not hand out publicly.
 */
public final class ServerInternals {

    private ServerInternals() {
    }

    /** The engine of {@code server}. */
    public static McpEngine engine(TachyonServer server) {
        return server.engine();
    }

    /** The metrics and traces of {@code server}, once started. */
    public static Observability observability(TachyonServer server) {
        return server.observability();
    }

    /** The per-connection memory budget of {@code server}, with its counts. */
    public static ConnectionBudgets connectionBudgets(TachyonServer server) {
        return server.connectionBudgets();
    }

    /** The caps on Streamable HTTP sessions, with their counts; null when HTTP is not enabled or not started. */
    public static SessionLimit httpSessionLimit(TachyonServer server) {
        return server.httpSessionLimit();
    }

    /** Bytes the HTTP sessions' event logs hold now. */
    public static long httpEventLogBytes(TachyonServer server) {
        return server.httpEventLogBytes();
    }
}
