package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loops of a server that binds no socket: timers run on them, and they end with close. */
class EventLoopsTest {

    @Test
    void loopsWithoutSocketsAreInProcessLoopsThatRunTimersAndStop() throws InterruptedException {
        EventLoops loops = EventLoops.withoutSockets();
        assertFalse(loops.isEpoll());
        CountDownLatch ticks = new CountDownLatch(3);
        loops.acceptor().next().scheduleAtFixedRate(ticks::countDown, 0, 5, TimeUnit.MILLISECONDS);
        CountDownLatch io = new CountDownLatch(1);
        loops.io().next().schedule(io::countDown, 5, TimeUnit.MILLISECONDS);
        assertTrue(ticks.await(10, TimeUnit.SECONDS), "a periodic timer (the memory sampler's kind) runs");
        assertTrue(io.await(10, TimeUnit.SECONDS));
        // Only an in-process loop takes an in-process channel (a NIO loop, which opens a selector, refuses it).
        Channel local = new LocalServerChannel();
        assertTrue(loops.acceptor().register(local).await(10, TimeUnit.SECONDS));
        assertTrue(local.isRegistered());
        local.close().syncUninterruptibly();
        loops.close();
        assertTrue(loops.acceptor().awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(loops.io().awaitTermination(10, TimeUnit.SECONDS));
    }
}
