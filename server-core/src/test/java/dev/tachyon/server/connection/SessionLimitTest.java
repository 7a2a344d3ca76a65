package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The session caps: per address, per server, the places given back, and both under contention. */
class SessionLimitTest {

    @Test
    void refusesAtEachCapAndTakesPlacesBack() throws Exception {
        SessionLimit limit = new SessionLimit(5, 3);
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 3; i++) {
            assertNull(limit.tryOpen(a));
        }
        assertEquals(SessionLimit.Reason.MAX_SESSIONS_PER_ADDRESS, limit.tryOpen(a));
        assertNull(limit.tryOpen(b));
        assertNull(limit.tryOpen(b));
        assertEquals(SessionLimit.Reason.MAX_SESSIONS, limit.tryOpen(b), "the server's cap comes first");
        assertEquals(SessionLimit.Reason.MAX_SESSIONS, limit.tryOpen(null));
        assertEquals(5, limit.open());
        assertEquals(1, limit.refused(SessionLimit.Reason.MAX_SESSIONS_PER_ADDRESS));
        assertEquals(2, limit.refused(SessionLimit.Reason.MAX_SESSIONS));
        limit.closed(a);
        assertEquals(2, limit.openFrom(a));
        assertNull(limit.tryOpen(a), "a place given back is a place to take");
        for (int i = 0; i < 3; i++) {
            limit.closed(a);
        }
        limit.closed(b);
        limit.closed(b);
        assertEquals(0, limit.open());
        assertEquals(0, limit.addresses(), "an address holding nothing is forgotten");
    }

    @Test
    void theCapsHoldUnderContention() throws Exception {
        int max = 50;
        int perAddress = 20;
        SessionLimit limit = new SessionLimit(max, perAddress);
        InetAddress[] addresses = new InetAddress[4];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 1)});
        }
        AtomicInteger[] held = new AtomicInteger[addresses.length];
        for (int i = 0; i < held.length; i++) {
            held[i] = new AtomicInteger();
        }
        AtomicInteger total = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                List<Integer> mine = new ArrayList<>();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (mine.isEmpty() || random.nextBoolean()) {
                        int a = random.nextInt(addresses.length);
                        if (limit.tryOpen(addresses[a]) == null) {
                            if (held[a].incrementAndGet() > perAddress || total.incrementAndGet() > max) {
                                broken.set("a cap was passed");
                            }
                            mine.add(a);
                        }
                    } else {
                        int a = mine.remove(mine.size() - 1);
                        held[a].decrementAndGet();
                        total.decrementAndGet();
                        limit.closed(addresses[a]);
                    }
                }
                for (int a : mine) {
                    held[a].decrementAndGet();
                    total.decrementAndGet();
                    limit.closed(addresses[a]);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertNull(broken.get());
        assertEquals(0, limit.open());
        assertEquals(0, limit.addresses());
        assertTrue(limit.refused(SessionLimit.Reason.MAX_SESSIONS) + limit.refused(SessionLimit.Reason.MAX_SESSIONS_PER_ADDRESS) > 0,
                "the caps were reached");
    }
}
