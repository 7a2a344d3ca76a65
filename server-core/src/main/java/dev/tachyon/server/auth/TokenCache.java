package dev.tachyon.server.auth;

import dev.tachyon.api.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validated tokens by the SHA-256 of their text, each until its {@code exp}: a token is verified
 * (signature, claims) once, then every request that carries it costs one hash and one lookup.
 * The token itself is never kept, so a heap dump holds no bearer credential.
 *
 * <p>Bounded: at {@code capacity} expired entries are dropped first, then arbitrary ones (a
 * dropped token is verified again on its next use, nothing worse). Thread-safe.
 */
final class TokenCache {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    /** A cached principal and the epoch second after which (plus the skew) it is no longer valid. */
    record Entry(Principal principal, long expiresAtSecond) {
    }

    /** A token's hash as a map key. */
    static final class Key {
        private final byte[] hash;
        private final int hashCode;

        private Key(byte[] hash) {
            this.hash = hash;
            // The first bytes of a SHA-256 are as good a hash code as any.
            this.hashCode = (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | hash[3] & 0xff;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && MessageDigest.isEqual(hash, k.hash);
        }

        @Override
        public int hashCode() {
            return hashCode;
        }

        @Override
        public String toString() {
            return "Key" + Arrays.toString(Arrays.copyOf(hash, 4)) + "...";
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final long skewSeconds;

    TokenCache(int capacity, long skewSeconds) {
        this.capacity = capacity;
        this.skewSeconds = skewSeconds;
    }

    static Key keyOf(String token) {
        return new Key(SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The principal of a cached, unexpired token, or null (then verify it). */
    Principal find(Key key, long nowSecond) {
        Entry entry = entry(key, nowSecond);
        return entry == null ? null : entry.principal;
    }

    /** The entry of a cached, unexpired token, or null (then verify it). */
    Entry entry(Key key, long nowSecond) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nowSecond > entry.expiresAtSecond + skewSeconds) {
            entries.remove(key, entry);
            return null;
        }
        return entry;
    }

    /** The last epoch second {@code entry} is valid in: its expiry plus the clock skew. */
    long validUntil(Entry entry) {
        return entry.expiresAtSecond + skewSeconds;
    }

    /** Keeps a validated token's principal until {@code expiresAtSecond}. */
    void put(Key key, Principal principal, long expiresAtSecond, long nowSecond) {
        if (entries.size() >= capacity) {
            evict(nowSecond);
        }
        entries.put(key, new Entry(principal, expiresAtSecond));
    }

    int size() {
        return entries.size();
    }

    private void evict(long nowSecond) {
        entries.values().removeIf(e -> nowSecond > e.expiresAtSecond + skewSeconds);
        // Still full of live tokens: make room for a tenth (amortized), whichever they are.
        Iterator<Key> it = entries.keySet().iterator();
        for (int i = entries.size() - capacity + Math.max(1, capacity / 10); i > 0 && it.hasNext(); i--) {
            it.next();
            it.remove();
        }
    }
}
