package dev.tachyon.server.connection;

/**
 * The idle timeout of a listener's connections ({@code limits.idle-timeout}), the same on every
 * network transport: a connection with no traffic either way for the timeout, and no work under
 * way ({@link ConnectionWork}), is closed. Answers the client has not taken (the channel is
 * unwritable) are the write stall's business, not idleness.
 *
 * <p>This decides; the connection's {@link ConnectionHandler} keeps the one activity stamp
 * (once per read batch and once per socket flush, never per message) and the one timer, so
 * that a connection holds no object of its own for it (Netty's {@code IdleStateHandler} would
 * add a handler, its context and a promise per write). One per listener; immutable.
 */
final class IdleTimeout {

    private final long nanos;

    /** @param nanos the timeout; positive */
    IdleTimeout(long nanos) {
        this.nanos = nanos;
    }

    /** The timeout, in nanoseconds: how long after its activity starts a connection's first check is due. */
    long nanos() {
        return nanos;
    }

    /**
     * How long until the connection is to be checked again, or 0 when it is idle now and to be
     * closed: quiet for the timeout, writable (a stalled one is the write stall's business) and
     * without work under way. A connection quiet that long but busy or unwritable is checked
     * again a whole timeout later. {@code work} is asked only when the quiet is long enough.
     */
    long remaining(long lastActivity, long now, boolean writable, ConnectionWork work) {
        long quiet = now - lastActivity;
        if (quiet < nanos) {
            return nanos - quiet;
        }
        return writable && !work.busy() ? 0 : nanos;
    }
}
