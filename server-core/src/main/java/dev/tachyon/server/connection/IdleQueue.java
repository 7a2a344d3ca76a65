package dev.tachyon.server.connection;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one event loop under one {@link IdleTimeout}, least recently active first:
 * a list linked through the {@link ConnectionHandler}s themselves, with one timer armed for the
 * head's deadline. Activity moves a connection to the tail; as every stamp is taken from the
 * loop's one clock, the list stays in order of activity, so only the head's deadline needs a
 * timer. When the timer fires, every connection quiet for the timeout is asked to close
 * ({@link ConnectionHandler#idleExpired}); one that is busy or unwritable goes to the tail, to be
 * asked again a whole timeout later.
 *
 * <p>Confined to its event loop: every method is called on it.
 */
final class IdleQueue implements Runnable {

    private final long nanos;
    private final EventExecutor loop;
    private ConnectionHandler head;
    private ConnectionHandler tail;
    private ScheduledFuture<?> timer;

    IdleQueue(long nanos, EventExecutor loop) {
        this.nanos = nanos;
        this.loop = loop;
    }

    /** Stamps {@code connection} active at {@code now}, enrolling it if it is not yet: it goes to the tail. */
    void touch(ConnectionHandler connection, long now) {
        connection.idleSince = now;
        if (connection != tail) {
            unlink(connection);
            append(connection);
        }
        if (timer == null) {
            timer = loop.schedule(this, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Takes {@code connection} out (it ended); nothing when it is not in. */
    void remove(ConnectionHandler connection) {
        unlink(connection);
    }

    /** The timer fired: asks every connection quiet for the timeout, then re-arms for the new head. */
    @Override
    public void run() {
        timer = null;
        long now = loop.ticker().nanoTime();
        ConnectionHandler connection;
        while ((connection = head) != null && now - connection.idleSince >= nanos) {
            unlink(connection);
            if (!connection.idleExpired()) {
                connection.idleSince = now; // busy or unwritable: asked again a whole timeout later
                append(connection);
            }
        }
        if (head != null) {
            timer = loop.schedule(this, head.idleSince + nanos - now, TimeUnit.NANOSECONDS);
        }
    }

    private void append(ConnectionHandler connection) {
        connection.idlePrev = tail;
        connection.idleNext = null;
        if (tail == null) {
            head = connection;
        } else {
            tail.idleNext = connection;
        }
        tail = connection;
    }

    private void unlink(ConnectionHandler connection) {
        ConnectionHandler prev = connection.idlePrev;
        ConnectionHandler next = connection.idleNext;
        if (prev == null && head != connection) {
            return; // not in
        }
        if (prev == null) {
            head = next;
        } else {
            prev.idleNext = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.idlePrev = prev;
        }
        connection.idlePrev = null;
        connection.idleNext = null;
    }
}
