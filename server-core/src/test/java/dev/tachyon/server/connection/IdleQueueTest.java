package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One event loop's idle queue: one timer for all its connections, each closed a timeout after
 * its own last activity, whatever the others do; a busy one is asked again a timeout later
 * without holding up the ones behind it. The queue runs on the clock of {@code loop}'s frozen
 * {@link EmbeddedChannel}; the connections are handlers of channels of their own.
 */
class IdleQueueTest {

    private static final long TIMEOUT_MS = 1000;

    private final ConnectionCloses closes = new ConnectionCloses();
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final IdleQueue queue;
    private boolean busy;

    IdleQueueTest() {
        loop.freezeTime();
        queue = new IdleQueue(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), loop.eventLoop());
    }

    /** A connection whose handler has no timeouts of its own: only the test's queue asks it. */
    private ConnectionHandler connection(EmbeddedChannel channel, ConnectionWork work) {
        ConnectionHandler handler = new ConnectionHandler(new ConnectionTimeouts(null, null, closes), work);
        channel.pipeline().addLast(handler);
        return handler;
    }

    private long now() {
        return loop.eventLoop().ticker().nanoTime();
    }

    private void advance(long millis) {
        loop.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void eachConnectionIsClosedATimeoutAfterItsOwnLastActivity() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        ConnectionHandler first = connection(a, ConnectionWork.NONE);
        ConnectionHandler second = connection(b, ConnectionWork.NONE);
        queue.touch(first, now());
        queue.touch(second, now());
        advance(600);
        queue.touch(first, now()); // a goes to the tail
        advance(500);
        assertTrue(a.isOpen(), "0.5 s after its activity");
        assertFalse(b.isOpen(), "1.1 s quiet");
        advance(600);
        assertFalse(a.isOpen(), "1.1 s after its activity");
        assertEquals(2, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void aBusyConnectionIsAskedAgainATimeoutLaterWithoutHoldingUpTheOthers() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        ConnectionHandler working = connection(a, () -> busy);
        ConnectionHandler quiet = connection(b, ConnectionWork.NONE);
        busy = true;
        queue.touch(working, now());
        advance(500);
        queue.touch(quiet, now());
        advance(600);
        assertTrue(a.isOpen(), "busy: not idle");
        advance(500);
        assertFalse(b.isOpen(), "behind the busy one, closed at its own deadline");
        busy = false;
        advance(300);
        assertTrue(a.isOpen(), "asked again a whole timeout after the check at 1 s");
        advance(300);
        assertFalse(a.isOpen());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void anEndedConnectionLeavesTheQueue() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        ConnectionHandler ended = connection(a, ConnectionWork.NONE);
        ConnectionHandler other = connection(b, ConnectionWork.NONE);
        queue.touch(ended, now());
        queue.touch(other, now());
        queue.remove(ended);
        queue.remove(ended); // twice is nothing
        a.close();
        advance(1100);
        assertFalse(b.isOpen());
        assertEquals(1, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT), "only the one still in the queue");
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }
}
