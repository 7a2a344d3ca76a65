package dev.tachyon.server.transport;

import dev.tachyon.server.engine.MemoryPressure;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The global cap on open connections: one count shared by every network transport (TCP and
 * Streamable HTTP), so {@code limits.max-connections} bounds the process's sockets whichever
 * transport they arrive on. New connections are also refused while memory is nearly full.
 *
 * <p>Each transport puts a {@link #gate} first in its pipelines; the gate asks
 * {@link #tryOpen()} and, when refused, writes the transport's own refusal (one JSON-RPC error
 * line for TCP, a 503 for HTTP) and closes. Thread-safe.
 */
public final class ConnectionLimit {

    /** Why a connection was refused; {@link #label()} is the {@code reason} clients and metrics see. */
    public enum Reason {
        MAX_CONNECTIONS("max-connections"),
        MEMORY("memory");

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
    private final MemoryPressure memory;
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.concurrent.ConcurrentMap<String, AtomicInteger> byTransport =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder[] refused = new LongAdder[REASONS.length];

    /** @param memory when it says so, new connections are refused (reason {@code memory}) */
    public ConnectionLimit(int max, MemoryPressure memory) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
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
        Reason reason = null;
        if (open.incrementAndGet() > max) {
            reason = Reason.MAX_CONNECTIONS;
        } else if (memory.refusingConnections()) {
            reason = Reason.MEMORY;
        }
        if (reason != null) {
            open.decrementAndGet();
            refused[reason.ordinal()].increment();
        }
        return reason;
    }

    /** Gives back an admitted connection's place. */
    public void closed() {
        open.decrementAndGet();
    }

    /** The handler a transport puts first in each of its pipelines; {@code refusal} writes what a refused client reads. */
    public ChannelHandler gate(Refusal refusal) {
        return gate(refusal, "other");
    }

    /**
     * As {@link #gate(Refusal)}, counting the connections it admits under {@code transport}
     * (e.g. {@code tcp}, {@code http}) as well, for {@link #openBy()}.
     */
    public ChannelHandler gate(Refusal refusal, String transport) {
        return new ConnectionGate(this, refusal, byTransport.computeIfAbsent(transport, t -> new AtomicInteger()));
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

    /** Connections refused for {@code reason} since start. */
    public long refused(Reason reason) {
        return refused[reason.ordinal()].sum();
    }
}
