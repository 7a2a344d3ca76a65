package dev.tachyon.benchmarks.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * The session registry Tachyon had before {@link RegistryLookupBenchmark} measured it: a map
 * split into independently locked stripes. Kept here, out of the server, as the benchmark's
 * hand-written contender; {@code ConcurrentHashMap} (lock-free reads, a lock per bin on write)
 * measured faster and replaced it.
 *
 * <p>Each stripe is a plain {@code HashMap} guarded by its own monitor; a key's stripe is
 * {@code floorMod(spread(hash), stripes)}. Contention is limited to keys that share a stripe,
 * and there is no per-entry node allocation beyond the HashMap's own.
 */
final class LockStripedMap<K, V> {

    private final Stripe<K, V>[] stripes;

    /** @param stripeCount number of stripes; rounded up to a power of two */
    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
    public LockStripedMap(int stripeCount) {
        int n = Integer.highestOneBit(Math.max(1, stripeCount - 1)) << 1;
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe<>();
        }
    }

    /** The value for {@code key}, or null. */
    public V get(K key) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.get(key);
        }
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    public V put(K key, V value) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.put(key, value);
        }
    }

    private Stripe<K, V> stripe(K key) {
        int h = key.hashCode();
        h ^= h >>> 16; // spread high bits so that power-of-two striping sees them
        return stripes[Math.floorMod(h, stripes.length)];
    }

    private static final class Stripe<K, V> {
        final Map<K, V> map = new HashMap<>();
    }
}
