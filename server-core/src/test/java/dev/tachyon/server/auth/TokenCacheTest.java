package dev.tachyon.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validated-token cache: until exp (plus skew), by hash, and bounded. */
class TokenCacheTest {

    private static final Principal ALICE = Principal.ofToken("alice", null, Set.of("a"), Map.of());

    @Test
    void aTokenIsFoundUntilItsExpiryPlusTheSkew() {
        TokenCache cache = new TokenCache(10, 60);
        TokenCache.Key key = TokenCache.keyOf("token-1");
        cache.put(key, ALICE, 1_000, 900);
        assertEquals(ALICE, cache.find(TokenCache.keyOf("token-1"), 1_060));
        assertNull(cache.find(TokenCache.keyOf("token-1"), 1_061));
        assertNull(cache.find(TokenCache.keyOf("token-2"), 900));
    }

    @Test
    void theCacheNeverHoldsMoreThanItsCapacity() {
        TokenCache cache = new TokenCache(100, 0);
        for (int i = 0; i < 10_000; i++) {
            cache.put(TokenCache.keyOf("t" + i), ALICE, 2_000, 1_000);
            assertTrue(cache.size() <= 100, "size " + cache.size());
        }
        // The newest token is always there.
        assertEquals(ALICE, cache.find(TokenCache.keyOf("t9999"), 1_000));
    }

    @Test
    void expiredEntriesGoFirst() {
        TokenCache cache = new TokenCache(2, 0);
        cache.put(TokenCache.keyOf("old"), ALICE, 10, 0);
        cache.put(TokenCache.keyOf("live"), ALICE, 1_000, 0);
        cache.put(TokenCache.keyOf("new"), ALICE, 1_000, 100);
        assertEquals(ALICE, cache.find(TokenCache.keyOf("live"), 100));
        assertEquals(ALICE, cache.find(TokenCache.keyOf("new"), 100));
    }
}
