package dev.tachyon.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Principal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a hand-moved clock: burst, refill, the bounded table and its full policy, contention. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstThenTheRateAndARefill() {
        TokenBuckets buckets = new TokenBuckets(new RateLimit(10, 3), 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.tryAcquire("a"), "the burst " + i);
        }
        long wait = buckets.tryAcquire("a");
        assertEquals(100_000_000L, wait, "one token every 100 ms");
        assertEquals(0, buckets.tryAcquire("b"), "another client has its own bucket");
        now.addAndGet(wait - 1);
        assertEquals(1, buckets.tryAcquire("a"), "a refusal leaves the bucket as it was");
        now.addAndGet(1);
        assertEquals(0, buckets.tryAcquire("a"), "after the wait a call passes");
        assertTrue(buckets.tryAcquire("a") > 0);
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.tryAcquire("a"), "a quiet client refills to its burst, no more: " + i);
        }
        assertTrue(buckets.tryAcquire("a") > 0);
    }

    @Test
    void theTableStaysBoundedUnderManyKeysAndFullBucketsGoFirst() {
        int max = 640;
        TokenBuckets buckets = new TokenBuckets(new RateLimit(1, 2), max, now::get);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(0, buckets.tryAcquire("rotating-" + i), "a new client is never refused for a full table");
            assertTrue(buckets.tracked() <= buckets.capacity());
        }
        assertEquals(max, buckets.capacity());
        assertTrue(buckets.evicted() > 0, "with nothing full, the nearest to full went");
        long evicted = buckets.evicted();
        now.addAndGet(10_000_000_000L); // every bucket is full again
        for (int i = 0; i < 100_000; i++) {
            buckets.tryAcquire("later-" + i);
        }
        assertTrue(buckets.tracked() <= buckets.capacity());
        assertTrue(buckets.evicted() - evicted < 100_000, "full buckets were dropped first, without counting");
    }

    @Test
    void limitsByKindKeyedByPrincipalElseAddressWithPerToolRates() throws Exception {
        RateLimits limits = new RateLimits(new RateLimit(1, 2), Map.of("cheap", new RateLimit(1000, 1000), "free", RateLimit.OFF),
                new RateLimit(1, 1), RateLimit.OFF, 1000, now::get);
        InetAddress address = InetAddress.getByName("127.0.0.1");
        Object anonymous = RateLimits.clientOf(Principal.anonymous(), address);
        Object alice = RateLimits.clientOf(Principal.ofCertificate("CN=alice"), address);
        assertEquals(address, anonymous);
        assertNull(limits.toolCall(anonymous, "echo"));
        assertNull(limits.toolCall(anonymous, "echo"));
        RateLimited refused = limits.toolCall(anonymous, "other");
        assertNotNull(refused, "the general rate counts every tool together");
        assertEquals("rate-limited-tool-calls", refused.data().get("reason"));
        assertEquals(1L, refused.data().get("limit"));
        assertEquals(1000L, refused.retryAfterMs());
        assertEquals(1L, refused.retryAfterSeconds());
        assertNull(limits.toolCall(alice, "echo"), "an authenticated client is its own key behind the same address");
        for (int i = 0; i < 500; i++) {
            assertNull(limits.toolCall(anonymous, "cheap"), "a tool with its own rate is counted there only");
            assertNull(limits.toolCall(anonymous, "free"), "an off per-tool rate exempts the tool");
        }
        RateLimits strict = new RateLimits(RateLimit.OFF, Map.of("search", new RateLimit(1, 1)), RateLimit.OFF, RateLimit.OFF,
                10, now::get);
        assertNull(strict.toolCall(anonymous, "other"), "no general rate: other tools are free");
        assertNull(strict.toolCall(anonymous, "search"));
        RateLimited own = strict.toolCall(anonymous, "search");
        assertEquals("search", own.data().get("tool"), "a per-tool refusal names its tool");
        assertEquals("Too many calls of this tool: rate limit reached", own.message());
        assertTrue(strict.limitsToolCalls());
        assertNull(limits.connection(address));
        assertEquals("rate-limited-connections", limits.connection(address).kind().reason());
        assertNull(limits.session(anonymous), "sessions are off");
        assertEquals(1, limits.refused(RateLimited.Kind.TOOL_CALLS));
        assertEquals(1, limits.refused(RateLimited.Kind.CONNECTIONS));
    }

    @Test
    void noMoreTokensThanTheRateAllowsUnderContention() throws Exception {
        // Real clock: 8 threads hammer 4 keys for ~200 ms; each key may get its burst plus rate x elapsed.
        RateLimit rate = new RateLimit(1000, 50);
        TokenBuckets buckets = new TokenBuckets(rate, 1000, System::nanoTime);
        AtomicLong[] granted = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; System.nanoTime() - start < 200_000_000L; i++) {
                    int key = (seed + i) & 3;
                    if (buckets.tryAcquire("k" + key) == 0) {
                        granted[key].incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (AtomicLong g : granted) {
            assertTrue(g.get() <= rate.burst() + Math.ceil(rate.perSecond() * seconds) + 1, g + " in " + seconds + " s");
            assertTrue(g.get() >= rate.burst(), "at least the burst was granted: " + g);
        }
    }
}
