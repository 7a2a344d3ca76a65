package dev.tachyon.server.connection;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The caps on sessions that outlive their connections (Streamable HTTP): how many one server
 * holds ({@code http.max-sessions}) and how many one client address holds
 * ({@code http.max-sessions-per-address}), so that a client opening sessions in a loop is
 * refused at its own cap while the others still get theirs. A TCP session is its connection and
 * is bounded by {@link ConnectionLimit}.
 *
 * <p>A session is counted in by {@link #tryOpen} before it exists and given back by
 * {@link #closed} when it ends, with the same address. Thread-safe.
 */
public final class SessionLimit {

    /** How long a refused client is told to wait: sessions are freed by DELETE or by expiry, not at once. */
    public static final long RETRY_AFTER_MS = 10_000;

    /** Why a session was refused; {@link #label()} is the {@code data.reason} clients and metrics see. */
    public enum Reason {
        MAX_SESSIONS("max-sessions"),
        MAX_SESSIONS_PER_ADDRESS("max-sessions-per-address");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Reason[] REASONS = Reason.values();

    private final int max;
    private final AddressCounts perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder[] refused = new LongAdder[REASONS.length];

    /**
     * @param max sessions open at once, every address together; positive
     * @param maxPerAddress sessions open at once from one client address; positive
     */
    public SessionLimit(int max, int maxPerAddress) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.perAddress = new AddressCounts(maxPerAddress);
        for (Reason reason : REASONS) {
            refused[reason.ordinal()] = new LongAdder();
        }
    }

    /**
     * Counts a new session in, or says why not: null when it is admitted (give it back later with
     * {@link #closed} and the same address), else the cap that refused it (nothing to give back).
     * A null address is counted only against the server's cap.
     */
    public Reason tryOpen(InetAddress address) {
        Reason reason = null;
        if (open.incrementAndGet() > max) {
            reason = Reason.MAX_SESSIONS;
        } else if (address != null && !perAddress.tryAdd(address)) {
            reason = Reason.MAX_SESSIONS_PER_ADDRESS;
        }
        if (reason != null) {
            open.decrementAndGet();
            refused[reason.ordinal()].increment();
        }
        return reason;
    }

    /** Gives back the place of a session admitted by {@link #tryOpen} with {@code address}. */
    public void closed(InetAddress address) {
        if (address != null) {
            perAddress.remove(address);
        }
        open.decrementAndGet();
    }

    /** Sessions open now. */
    public int open() {
        return open.get();
    }

    /** The server's cap. */
    public int max() {
        return max;
    }

    /** The cap of one client address. */
    public int maxPerAddress() {
        return perAddress.max();
    }

    /** The cap {@code reason} refers to. */
    public int limitOf(Reason reason) {
        return reason == Reason.MAX_SESSIONS ? max : perAddress.max();
    }

    /** Sessions {@code address} holds now. */
    public int openFrom(InetAddress address) {
        return perAddress.count(address);
    }

    /** Client addresses holding sessions now. */
    public int addresses() {
        return perAddress.addresses();
    }

    /** Sessions refused for {@code reason} since start. */
    public long refused(Reason reason) {
        return refused[reason.ordinal()].sum();
    }
}
