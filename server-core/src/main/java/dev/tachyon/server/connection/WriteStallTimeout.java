package dev.tachyon.server.connection;

/**
 * The write-stall timeout of a listener's connections ({@code limits.write-stall-timeout}), the
 * same on every network transport: a connection that stays unwritable (answers above the
 * high-water mark that the client is not reading) for the timeout is closed.
 *
 * <p>This decides; the connection's {@link ConnectionHandler} stamps when the channel turns
 * unwritable and holds a timer only while it is (Netty's {@code WriteTimeoutHandler} would time
 * every write instead: a promise and a task per write, where ours are void). One per listener;
 * immutable.
 */
final class WriteStallTimeout {

    private final long nanos;

    /** @param nanos the timeout; positive */
    WriteStallTimeout(long nanos) {
        this.nanos = nanos;
    }

    /** The timeout, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    /**
     * How long until a connection unwritable since {@code stalledAt} has stalled for the timeout,
     * or 0 when it has and is to be closed; {@code writable}: it is not stalled, nothing is due.
     */
    long remaining(long stalledAt, long now, boolean writable) {
        if (writable) {
            return Long.MAX_VALUE;
        }
        long stalled = now - stalledAt;
        return stalled >= nanos ? 0 : nanos - stalled;
    }
}
