package dev.tachyon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {

    @Test
    void subscriptionsCountASubscriberOnceAndForgetEmptyUris() {
        SubscriptionRegistry<Object> subscriptions = new SubscriptionRegistry<>();
        Object a = new Object();
        Object b = new Object();
        subscriptions.subscribe("u", a);
        subscriptions.subscribe("u", a);
        subscriptions.subscribe("u", b);
        assertEquals(2, subscriptions.subscribers("u").size());
        assertTrue(subscriptions.unsubscribe("u", a));
        assertFalse(subscriptions.unsubscribe("u", a));
        subscriptions.unsubscribeAll(List.of("u", "v"), b);
        assertEquals(List.of(), subscriptions.subscribers("u"));
        assertEquals(0, subscriptions.uriCount());
    }

    @Test
    void aSubscribeRacingTheLastUnsubscribeOfTheSameUriIsNeverLost() throws Exception {
        SubscriptionRegistry<Integer> subscriptions = new SubscriptionRegistry<>();
        int threads = 4;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int subscriber = t;
                done.add(pool.submit(() -> {
                    start.await();
                    // Every thread churns on one URI, so empty sets are dropped while others subscribe.
                    for (int i = 0; i < rounds; i++) {
                        subscriptions.subscribe("shared", subscriber);
                        if (!subscriptions.subscribers("shared").contains(subscriber)) {
                            throw new AssertionError("subscription of " + subscriber + " lost in round " + i);
                        }
                        assertTrue(subscriptions.unsubscribe("shared", subscriber));
                    }
                    subscriptions.subscribe("shared", subscriber);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads, subscriptions.subscribers("shared").size());
    }
}
