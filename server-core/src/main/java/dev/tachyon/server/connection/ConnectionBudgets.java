package dev.tachyon.server.connection;

import java.util.concurrent.atomic.LongAdder;

/**
 * The per-connection memory budget ({@code limits.max-connection-memory}) every connection of
 * the network transports gets, and what tripping it has cost: requests refused and connections
 * closed (with the connections closed for the other per-connection limits, in {@link #closes()}). One instance per server; each connection takes its own {@link ConnectionMemory}.
 * Thread-safe.
 */
public final class ConnectionBudgets {

    private final long limit;
    private final LongAdder refusedRequests = new LongAdder();
    private final ConnectionCloses closes = new ConnectionCloses();

    /** @param limit bytes of buffered input plus unsent output one connection may hold; positive */
    public ConnectionBudgets(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** The budget of one connection, in bytes. */
    public long limit() {
        return limit;
    }

    /** Every connection the server closed for a per-connection limit, this budget's included. */
    public ConnectionCloses closes() {
        return closes;
    }

    /** A fresh budget for one new connection, confined to its event loop. */
    public ConnectionMemory newConnection() {
        return new ConnectionMemory(this);
    }

    /** Requests refused since start because their connection was over its budget. */
    public long refusedRequests() {
        return refusedRequests.sum();
    }

    /**
     * Connections closed since start because their unsent output passed twice the budget (an
     * HTTP connection: when an SSE stream's unread output passes the budget).
     */
    public long closedConnections() {
        return closes.count(ConnectionCloses.Reason.MAX_CONNECTION_MEMORY);
    }

    /** Counts a request refused for its connection's budget. */
    public void refused() {
        refusedRequests.increment();
    }

    /** Counts a connection closed for holding more than twice its budget. */
    public void closed() {
        closes.closed(ConnectionCloses.Reason.MAX_CONNECTION_MEMORY);
    }
}
