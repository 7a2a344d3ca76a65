package dev.tachyon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StripedRegistryTest {

    @Test
    void concurrentWritersOnSharedStripesLoseNothing() throws Exception {
        StripedRegistry<String, Integer> registry = new StripedRegistry<>(4);
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        registry.put(id + ":" + i, i);
                        if (i % 2 == 1) {
                            registry.remove(id + ":" + (i - 1));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread / 2, registry.size());
        assertEquals(threads * perThread / 2, registry.values().size());
        assertEquals(Integer.valueOf(1), registry.get("0:1"));
        assertTrue(registry.remove("0:1", 1));
    }

    @Test
    void subscriptionsCountASubscriberOnceAndForgetEmptyUris() {
        SubscriptionRegistry<Object> subscriptions = new SubscriptionRegistry<>(8);
        Object a = new Object();
        Object b = new Object();
        subscriptions.subscribe("u", a);
        subscriptions.subscribe("u", a);
        subscriptions.subscribe("u", b);
        assertEquals(2, subscriptions.subscribers("u").size());
        assertTrue(subscriptions.unsubscribe("u", a));
        subscriptions.unsubscribeAll(List.of("u", "v"), b);
        assertEquals(List.of(), subscriptions.subscribers("u"));
    }
}
