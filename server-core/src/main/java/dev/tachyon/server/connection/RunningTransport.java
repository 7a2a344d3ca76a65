package dev.tachyon.server.connection;

/**
 * A running transport, as the server shuts it down: first {@link #stopAccepting()} on every
 * transport, then the in-flight work drains and is answered, then {@link #close()} ends what is
 * left (connections, sessions, streams).
 */
public interface RunningTransport extends AutoCloseable {

    /** Stops taking new connections; open ones keep working. Idempotent. */
    void stopAccepting();

    /** Ends every connection and session of this transport. Idempotent. */
    @Override
    void close();
}
