package dev.tachyon.server.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The idle timeout of a listener's connections ({@code limits.idle-timeout}), the same on every
 * network transport: a connection with no traffic either way for the timeout, and no work under
 * way ({@link ConnectionWork}), is closed. Answers the client has not taken (the channel is
 * unwritable) are the write stall's business, not idleness.
 *
 * <p>Activity is stamped once per read batch and once per socket flush, never per message, by the
 * connection's {@link ConnectionHandler}. The connections of one event loop wait in one
 * {@link IdleQueue}, least recently active first, under one timer: a connection holds no timer
 * of its own (a scheduled task is 64 B, a quarter of what the connection pipeline costs per
 * session), only its place in the queue. Netty's {@code IdleStateHandler} would add a handler,
 * its context, a timer and a promise per write. One per listener; thread-safe.
 */
final class IdleTimeout {

    private final long nanos;
    /** One queue per event loop: its connections are confined to it. As many as the listener's loops. */
    private final ConcurrentMap<EventExecutor, IdleQueue> queues = new ConcurrentHashMap<>();

    /** @param nanos the timeout; positive */
    IdleTimeout(long nanos) {
        this.nanos = nanos;
    }

    /** The timeout, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    /** The queue of the connections of {@code loop}; asked once per connection, when it starts. */
    IdleQueue queueOf(EventExecutor loop) {
        return queues.computeIfAbsent(loop, l -> new IdleQueue(nanos, l));
    }
}
