package dev.tachyon.server.connection;

/**
 * A listener's connection timeouts, shared by its connections' {@link ConnectionHandler}s so
 * that each of them holds one reference rather than three.
 *
 * @param idle the idle timeout, or null when {@code limits.idle-timeout} is 0
 * @param stall the write-stall timeout, or null when {@code limits.write-stall-timeout} is 0
 * @param closes where the closes they make are counted
 */
record ConnectionTimeouts(IdleTimeout idle, WriteStallTimeout stall, ConnectionCloses closes) {

    /** The timeouts {@code settings} turn on. */
    static ConnectionTimeouts of(ConnectionSettings settings, ConnectionCloses closes) {
        long idle = settings.idleTimeout().toNanos();
        long stall = settings.writeStallTimeout().toNanos();
        return new ConnectionTimeouts(idle > 0 ? new IdleTimeout(idle) : null,
                stall > 0 ? new WriteStallTimeout(stall) : null, closes);
    }
}
