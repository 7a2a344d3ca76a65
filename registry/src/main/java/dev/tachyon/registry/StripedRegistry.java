package dev.tachyon.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A map split into independently locked stripes, for registries touched by every event loop
 * (sessions by id, subscribers by URI).
 *
 * <p>Each stripe is a plain {@code HashMap} guarded by its own monitor; a key's stripe is
 * {@code floorMod(spread(hash), stripes)}. Contention is limited to keys that share a stripe,
 * and there is no per-entry node allocation beyond the HashMap's own.
 */
public final class StripedRegistry<K, V> {

    private final Stripe<K, V>[] stripes;

    /** @param stripeCount number of stripes; rounded up to a power of two */
    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
    public StripedRegistry(int stripeCount) {
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

    /** Associates {@code value} only if the key is absent; returns the existing value or null. */
    public V putIfAbsent(K key, V value) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.putIfAbsent(key, value);
        }
    }

    /** The value for key, created by {@code factory} under the stripe's lock if absent. */
    public V computeIfAbsent(K key, Function<K, V> factory) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.computeIfAbsent(key, factory);
        }
    }

    /** Removes the key; returns the removed value or null. */
    public V remove(K key) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.remove(key);
        }
    }

    /** Removes the key only while it maps to {@code value}. */
    public boolean remove(K key, V value) {
        Stripe<K, V> s = stripe(key);
        synchronized (s) {
            return s.map.remove(key, value);
        }
    }

    /** Entries in all stripes, each stripe copied under its lock (not one atomic view). */
    public List<V> values() {
        List<V> all = new ArrayList<>();
        for (Stripe<K, V> s : stripes) {
            synchronized (s) {
                all.addAll(s.map.values());
            }
        }
        return all;
    }

    /** The number of entries, summed stripe by stripe. */
    public int size() {
        int size = 0;
        for (Stripe<K, V> s : stripes) {
            synchronized (s) {
                size += s.map.size();
            }
        }
        return size;
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
