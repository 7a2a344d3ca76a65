package dev.tachyon.server.ratelimit;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Token buckets of one {@link RateLimit}, one per client key, in a table of bounded size.
 * Thread-safe: the table is split into {@value #STRIPES} stripes, each behind its own lock, so
 * a call costs one uncontended lock, one hash lookup and a few arithmetic operations.
 *
 * <p>A bucket is kept as one number, its theoretical arrival time (GCRA, the generic cell rate
 * algorithm): the instant at which it is full again. A bucket whose instant has passed is full,
 * which is exactly what a client without a bucket gets, so such entries may be dropped at any
 * time without changing a single answer.
 *
 * <p>The table holds at most {@code maxClients} keys (rounded up to a multiple of the stripe
 * count). When a stripe is full, its full buckets are dropped first; if none is, the bucket
 * nearest to full is dropped (its client is forgiven the little it still owed) and counted in
 * {@link #evicted()}. So a client rotating addresses or subjects never grows the table, and a
 * new client is never refused because the table is full: the flood only ever costs the limit
 * some precision for the clients nearest to their rate, never memory, never availability.
 */
public final class TokenBuckets {

    /** A power of two: the stripe is picked by masking the key's spread hash. */
    static final int STRIPES = 64;

    private final long interval;
    /** How far ahead of now a bucket's instant may run: the burst, in intervals. */
    private final long tolerance;
    private final int perStripe;
    private final LongSupplier clock;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final LongAdder evicted = new LongAdder();

    /**
     * @param limit the rate and burst; must be {@linkplain RateLimit#on() on}
     * @param maxClients keys tracked at once, positive
     * @param clock nanosecond time ({@link System#nanoTime} in production)
     */
    public TokenBuckets(RateLimit limit, int maxClients, LongSupplier clock) {
        if (!limit.on()) {
            throw new IllegalArgumentException("an off limit has no buckets");
        }
        if (maxClients <= 0) {
            throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
        }
        this.interval = limit.intervalNanos();
        this.tolerance = interval * limit.burst();
        this.perStripe = (maxClients + STRIPES - 1) / STRIPES;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * Takes one token from {@code client}'s bucket.
     *
     * @return 0 when a token was taken; else the nanoseconds until one will be there (the
     *     bucket is left as it was)
     */
    public long tryAcquire(Object client) {
        int h = client.hashCode();
        Stripe stripe = stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
        long now = clock.getAsLong();
        synchronized (stripe) {
            Slot slot = stripe.slots.get(client);
            long from = slot == null || slot.tat - now < 0 ? now : slot.tat; // a full bucket starts from now
            long next = from + interval;
            long over = next - now - tolerance;
            if (over > 0) {
                return over;
            }
            if (slot == null) {
                stripe.makeRoom(now);
                slot = new Slot();
                stripe.slots.put(client, slot);
            }
            slot.tat = next;
            return 0;
        }
    }

    /** Keys tracked now (full buckets not yet dropped included). */
    public int tracked() {
        int n = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                n += stripe.slots.size();
            }
        }
        return n;
    }

    /** The most keys ever tracked at once: {@code maxClients} rounded up to a multiple of {@value #STRIPES}. */
    public int capacity() {
        return perStripe * STRIPES;
    }

    /** Buckets dropped while not full because the table was full. */
    public long evicted() {
        return evicted.sum();
    }

    private static final class Slot {
        /** When the bucket is full again (nanoTime); it holds (tolerance - (tat - now)) / interval tokens. */
        long tat;
    }

    private final class Stripe {
        final Map<Object, Slot> slots = new HashMap<>();

        /** Called under the lock before a key is added: keeps the stripe within {@link #perStripe}. */
        void makeRoom(long now) {
            if (slots.size() < perStripe) {
                return;
            }
            slots.values().removeIf(s -> s.tat - now <= 0); // full buckets: dropping them changes nothing
            if (slots.size() < perStripe) {
                return;
            }
            Iterator<Map.Entry<Object, Slot>> it = slots.entrySet().iterator();
            Map.Entry<Object, Slot> nearest = it.next();
            while (it.hasNext()) {
                Map.Entry<Object, Slot> e = it.next();
                if (e.getValue().tat - nearest.getValue().tat < 0) {
                    nearest = e;
                }
            }
            slots.remove(nearest.getKey());
            evicted.increment();
        }
    }
}
