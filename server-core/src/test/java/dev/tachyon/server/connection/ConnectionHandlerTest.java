package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection's one handler: the idle and write-stall timeouts share one timer, armed for the
 * nearer deadline, and close for the right reason at the right time. On the event loop's frozen
 * clock ({@link EmbeddedChannel#advanceTimeBy}), so no test waits; the same limits over real
 * sockets are in {@link ConnectionPipelineTest} and {@code TcpTimeoutsTest}.
 */
class ConnectionHandlerTest {

    private static final long IDLE_MS = 1000;

    private final ConnectionCloses closes = new ConnectionCloses();
    private boolean busy;

    private EmbeddedChannel channel(long idleMs, long stallMs) {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(
                idleMs > 0 ? new IdleTimeout(TimeUnit.MILLISECONDS.toNanos(idleMs)) : null,
                stallMs > 0 ? new WriteStallTimeout(TimeUnit.MILLISECONDS.toNanos(stallMs)) : null, closes);
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionHandler(timeouts, () -> busy));
        channel.freezeTime();
        return channel;
    }

    private static void advance(EmbeddedChannel channel, long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Writes past the high-water mark without flushing: the channel turns unwritable. */
    private static void stall(EmbeddedChannel channel) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertFalse(channel.isWritable());
    }

    @Test
    void aQuietConnectionIsClosedAfterTheIdleTimeoutAndCounted() {
        EmbeddedChannel channel = channel(IDLE_MS, 0);
        advance(channel, IDLE_MS - 100);
        assertTrue(channel.isOpen(), "not idle yet");
        advance(channel, 200);
        assertFalse(channel.isOpen(), "idle");
        assertEquals(1, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));
        channel.finishAndReleaseAll();
    }

    @Test
    void aReadBatchStartsTheIdleTimeoutAgain() {
        EmbeddedChannel channel = channel(IDLE_MS, 0);
        advance(channel, 600);
        channel.pipeline().fireChannelReadComplete();
        advance(channel, 600);
        assertTrue(channel.isOpen(), "1.2 s after the accept, but 0.6 s after the read");
        advance(channel, 500);
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aBusyConnectionIsNotIdleHoweverQuiet() {
        EmbeddedChannel channel = channel(IDLE_MS, 0);
        busy = true;
        advance(channel, 5 * IDLE_MS);
        assertTrue(channel.isOpen(), "work under way");
        busy = false;
        advance(channel, IDLE_MS + 100);
        assertFalse(channel.isOpen(), "idle once the work is done");
        assertEquals(1, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));
        channel.finishAndReleaseAll();
    }

    @Test
    void aStallIsClosedAtItsOwnDeadlineThoughTheTimerWasArmedForALaterIdleCheck() {
        EmbeddedChannel channel = channel(10 * IDLE_MS, 500);
        advance(channel, 100);
        stall(channel);
        advance(channel, 400);
        assertTrue(channel.isOpen(), "stalled for 0.4 s of 0.5");
        advance(channel, 200);
        assertFalse(channel.isOpen(), "stalled past the write-stall timeout, long before the idle timeout");
        assertEquals(1, closes.count(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT));
        assertEquals(0, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));
        channel.finishAndReleaseAll();
    }

    @Test
    void aStallThatDrainsIsNotClosedAndTheIdleTimeoutStillHolds() {
        EmbeddedChannel channel = channel(IDLE_MS, 300);
        stall(channel);
        advance(channel, 200);
        channel.flush(); // the client read: the channel drains (a socket flush: activity)
        assertTrue(channel.isWritable());
        advance(channel, 700);
        assertTrue(channel.isOpen(), "the stall ended before its timeout; 0.7 s since the flush");
        advance(channel, 400);
        assertFalse(channel.isOpen(), "idle 1 s after the flush");
        assertEquals(0, closes.count(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT));
        assertEquals(1, closes.count(ConnectionCloses.Reason.IDLE_TIMEOUT));
        channel.finishAndReleaseAll();
    }

    @Test
    void anUnwritableConnectionIsNotIdleWithoutAWriteStallTimeout() {
        EmbeddedChannel channel = channel(IDLE_MS, 0);
        stall(channel);
        advance(channel, 5 * IDLE_MS);
        assertTrue(channel.isOpen(), "unread answers are the write stall's business");
        channel.finishAndReleaseAll();
    }

    @Test
    void withNeitherTimeoutNothingIsScheduled() {
        EmbeddedChannel channel = channel(0, 0);
        stall(channel);
        advance(channel, 3_600_000);
        assertTrue(channel.isOpen());
        assertFalse(channel.hasPendingTasks());
        channel.finishAndReleaseAll();
    }
}
