package dev.tachyon.server;

import dev.tachyon.server.connection.ConnectionLimit;

/** {@link TachyonServer.Connections} over the connection cap: reasons by the label clients and metrics see. */
final class ConnectionsView implements TachyonServer.Connections {
    private final ConnectionLimit limit;

    ConnectionsView(ConnectionLimit limit) {
        this.limit = limit;
    }

    @Override
    public int open() {
        return limit.open();
    }

    @Override
    public long refused(String reason) {
        for (ConnectionLimit.Reason r : ConnectionLimit.Reason.values()) {
            if (r.label().equals(reason)) {
                return limit.refused(r);
            }
        }
        throw new IllegalArgumentException("no such refusal reason: " + reason);
    }

    @Override
    public long decided() {
        return limit.decided();
    }

    @Override
    public int addresses() {
        return limit.addresses();
    }
}
