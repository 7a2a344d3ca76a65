package dev.tachyon.server.connection;

import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.ratelimit.RateLimits;
import io.netty.channel.ChannelHandler;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The global cap on open connections: one count shared by every network transport (TCP and
 * Streamable HTTP), so {@code limits.max-connections} bounds the process's sockets whichever
 * transport they arrive on. New connections are also refused while memory is nearly full.
 *
 * <p>A second cap bounds the connections of one client address, so that one client cannot
 * take every place and lock the others out. Its counts are kept only for addresses that have
 * connections open: memory follows the connections, not the addresses ever seen.
 *
 * <p>The {@link ConnectionPipeline} puts a {@link #gate} first in every connection's pipeline; the gate asks
 * {@link #tryOpen()} and, when refused, writes the transport's own refusal (one JSON-RPC error
 * line for TCP, a 503 for HTTP) and closes. Behind a PROXY protocol balancer the client's
 * address is known only after the accept: the gate then asks {@link #tryOpen()} at once and
 * {@link #tryOpenAddress} once the header names the client. Thread-safe.
 */
public final class ConnectionLimit {

    /** Why a connection was refused; {@link #label()} is the {@code reason} clients and metrics see. */
    public enum Reason {
        MAX_CONNECTIONS("max-connections"),
        MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address"),
        MEMORY("memory"),
        /** The client address opened connections faster than {@code rate-limits.connections} allows. */
        RATE_LIMITED("rate-limited-connections");

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
    private final int maxPerAddress;
    private final MemoryPressure memory;
    /** The per-address rate of new connections ({@code rate-limits.connections}); checked before the caps. */
    private final RateLimits rates;
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.concurrent.ConcurrentMap<String, AtomicInteger> byTransport =
            new ConcurrentHashMap<>();
    /** Open connections per client address; an entry exists only while its count is above zero. */
    private final AddressCounts perAddress;
    private final LongAdder[] refused = new LongAdder[REASONS.length];
    private final LongAdder admitted = new LongAdder();

    /** A cap without a per-address bound (every address may take all {@code max} places). */
    public ConnectionLimit(int max, MemoryPressure memory) {
        this(max, max, memory);
    }

    /**
     * @param max connections open at once, every address together
     * @param maxPerAddress connections open at once from one client address
     * @param memory when it says so, new connections are refused (reason {@code memory})
     */
    public ConnectionLimit(int max, int maxPerAddress, MemoryPressure memory) {
        this(max, maxPerAddress, memory, RateLimits.none());
    }

    /**
     * As {@link #ConnectionLimit(int, int, MemoryPressure)}, also refusing a client address that
     * opens connections faster than {@code rates} allow ({@link Reason#RATE_LIMITED}).
     */
    public ConnectionLimit(int max, int maxPerAddress, MemoryPressure memory, RateLimits rates) {
        this.rates = rates;
        if (max <= 0 || maxPerAddress <= 0) {
            throw new IllegalArgumentException("caps must be positive: " + max + ", " + maxPerAddress);
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.perAddress = new AddressCounts(maxPerAddress);
        this.memory = memory;
        for (Reason reason : REASONS) {
            refused[reason.ordinal()] = new LongAdder();
        }
    }

    /**
     * Counts a new connection in, or says why not: null when it is admitted (and must later be
     * given back with {@link #closed()}), else the reason it was refused (nothing to give back).
     */
    public Reason tryOpen() {
        return tryOpen(null);
    }

    /**
     * As {@link #tryOpen()}, also counting the connection against its client {@code address}'s
     * cap; an admitted connection is given back with {@link #closed(InetAddress)} and the same
     * address. A null address (a transport without one) is counted only globally.
     */
    public Reason tryOpen(InetAddress address) {
        if (overRate(address)) {
            return Reason.RATE_LIMITED; // a token per attempt: a client hammering the accept is refused before it counts
        }
        Reason reason = null;
        if (open.incrementAndGet() > max) {
            reason = Reason.MAX_CONNECTIONS;
        } else if (memory.refusingConnections()) {
            reason = Reason.MEMORY;
        } else if (address != null && !perAddress.tryAdd(address)) {
            reason = Reason.MAX_CONNECTIONS_PER_ADDRESS;
        }
        if (reason != null) {
            open.decrementAndGet();
            refused[reason.ordinal()].increment();
        } else {
            admitted.increment();
        }
        return reason;
    }

    /**
     * The per-address cap alone, for a connection admitted by {@link #tryOpen()} before its client
     * address was known (behind a PROXY protocol balancer): null when {@code address} has a place
     * (given back by {@link #closed(InetAddress)} with it), else
     * {@link Reason#MAX_CONNECTIONS_PER_ADDRESS}; the connection then counts as refused, not
     * admitted, and its global place is given back by {@link #closed()} when it is gone.
     */
    public Reason tryOpenAddress(InetAddress address) {
        Reason reason = overRate(address) ? Reason.RATE_LIMITED
                : perAddress.tryAdd(address) ? null : Reason.MAX_CONNECTIONS_PER_ADDRESS;
        if (reason == null) {
            return null;
        }
        admitted.decrement();
        if (reason == Reason.MAX_CONNECTIONS_PER_ADDRESS) {
            refused[reason.ordinal()].increment(); // a rate refusal is counted by overRate
        }
        return reason;
    }

    /** Whether {@code address} opens connections faster than its rate (counted as refused if so). */
    private boolean overRate(InetAddress address) {
        if (address == null || !rates.limitsConnections() || rates.connection(address) == null) {
            return false;
        }
        refused[Reason.RATE_LIMITED.ordinal()].increment();
        return true;
    }

    /** Gives back an admitted connection's place. */
    public void closed() {
        closed(null);
    }

    /** Gives back the place of a connection admitted by {@link #tryOpen(InetAddress)} with {@code address}. */
    public void closed(InetAddress address) {
        if (address != null) {
            perAddress.remove(address);
        }
        open.decrementAndGet();
    }

    /** The handler a transport puts first in each of its pipelines; {@code refusal} writes what a refused client reads. */
    public ChannelHandler gate(Refusal refusal) {
        return gate(refusal, "other", false);
    }

    /**
     * As {@link #gate(Refusal)}, counting the connections it admits under {@code transport}
     * (e.g. {@code tcp}, {@code http}) as well, for {@link #openBy()}.
     */
    public ChannelHandler gate(Refusal refusal, String transport) {
        return gate(refusal, transport, false);
    }

    /** As {@link #gate(Refusal, String)}; with {@code addressLater} the per-address cap waits for a PROXY protocol header. */
    ConnectionGate gate(Refusal refusal, String transport, boolean addressLater) {
        return new ConnectionGate(this, refusal, byTransport.computeIfAbsent(transport, t -> new AtomicInteger()),
                addressLater);
    }

    /** Connections open now by the transport their gate was made for (every transport that made one, even at 0). */
    public java.util.Map<String, Integer> openBy() {
        java.util.Map<String, Integer> open = new java.util.TreeMap<>();
        byTransport.forEach((transport, count) -> open.put(transport, count.get()));
        return open;
    }

    /** Connections open now on every network transport (refused ones are not counted). */
    public int open() {
        return open.get();
    }

    /** The cap. */
    public int max() {
        return max;
    }

    /** The cap of one client address. */
    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** The cap that {@code reason} refers to ({@code 0} for memory, which has none). */
    public int limitOf(Reason reason) {
        switch (reason) {
            case MAX_CONNECTIONS: return max;
            case MAX_CONNECTIONS_PER_ADDRESS: return maxPerAddress;
            case RATE_LIMITED: return rates.connectionsPerSecond();
            default: return 0;
        }
    }

    /** Client addresses with connections open now. */
    public int addresses() {
        return perAddress.addresses();
    }

    /** Connections admitted since start (closed ones included). */
    public long admitted() {
        return admitted.sum();
    }

    /** Connections the gates have decided on since start, admitted or refused for any reason. */
    public long decided() {
        long decided = admitted.sum();
        for (LongAdder count : refused) {
            decided += count.sum();
        }
        return decided;
    }

    /** Connections refused for {@code reason} since start. */
    public long refused(Reason reason) {
        return refused[reason.ordinal()].sum();
    }
}
