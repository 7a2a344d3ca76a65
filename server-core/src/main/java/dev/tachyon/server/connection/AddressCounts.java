package dev.tachyon.server.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each client address holds now, capped per address. An address has an
 * entry only while its count is above zero, so memory follows what is held, not every address
 * ever seen. Thread-safe: each change is one atomic {@link ConcurrentHashMap#compute}.
 */
final class AddressCounts {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    /** @param max what one address may hold at once; positive */
    AddressCounts(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
    }

    /** Counts one more for {@code address} if it holds fewer than the cap; returns whether it did. */
    boolean tryAdd(InetAddress address) {
        boolean[] added = new boolean[1];
        counts.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            added[0] = now < max;
            return added[0] ? now + 1 : count;
        });
        return added[0];
    }

    /** Gives back one counted by {@link #tryAdd}. */
    void remove(InetAddress address) {
        counts.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
    }

    /** What {@code address} holds now. */
    int count(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }

    /** Addresses holding at least one. */
    int addresses() {
        return counts.size();
    }

    int max() {
        return max;
    }
}
