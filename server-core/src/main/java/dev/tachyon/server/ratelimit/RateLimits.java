package dev.tachyon.server.ratelimit;

import dev.tachyon.api.Principal;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The per-client rate limits of one server ({@code tachyon.rate-limits}): tool calls (with
 * per-tool rates), new connections, new Streamable HTTP sessions. A client is its principal
 * when one was authenticated (a token's subject, a client certificate), else its address
 * ({@link #clientOf}): so clients behind one NAT are told apart once they authenticate.
 *
 * <p>Each limit has its own {@link TokenBuckets}, of at most {@code maxClients} keys. A tool
 * with its own rate is counted in its own buckets only, not in the general tool-call rate.
 * Thread-safe; an off limit costs one field read.
 */
public final class RateLimits {

    /** The key of the one client that has neither principal nor address (stdio). */
    private static final Object LOCAL = new Object() {
        @Override
        public String toString() {
            return "local";
        }
    };

    private static final RateLimited.Kind[] KINDS = RateLimited.Kind.values();

    private final RateLimit toolCallRate;
    private final TokenBuckets toolCalls;
    private final Map<String, RateLimit> perToolRates;
    private final Map<String, TokenBuckets> perTool;
    private final RateLimit connectionRate;
    private final TokenBuckets connections;
    private final RateLimit sessionRate;
    private final TokenBuckets sessions;
    private final LongAdder[] refused = new LongAdder[KINDS.length];

    /**
     * @param toolCalls every tool's calls, per client, but those of a tool in {@code perTool}
     * @param perTool a tool's own rate, by tool name (an {@linkplain RateLimit#OFF off} one exempts the tool)
     * @param connections new connections per client address
     * @param sessions new HTTP sessions per client
     * @param maxClients clients tracked per limit, positive
     * @param clock nanosecond time
     */
    public RateLimits(RateLimit toolCalls, Map<String, RateLimit> perTool, RateLimit connections, RateLimit sessions,
            int maxClients, LongSupplier clock) {
        this.toolCallRate = toolCalls;
        this.toolCalls = buckets(toolCalls, maxClients, clock);
        this.perToolRates = Map.copyOf(perTool);
        Map<String, TokenBuckets> tools = new HashMap<>();
        perTool.forEach((tool, rate) -> tools.put(tool, buckets(rate, maxClients, clock)));
        this.perTool = tools.isEmpty() ? Map.of() : tools; // a null value: the tool is exempt
        this.connectionRate = connections;
        this.connections = buckets(connections, maxClients, clock);
        this.sessionRate = sessions;
        this.sessions = buckets(sessions, maxClients, clock);
        for (RateLimited.Kind kind : KINDS) {
            refused[kind.ordinal()] = new LongAdder();
        }
    }

    /** Limits that limit nothing. */
    public static RateLimits none() {
        return new RateLimits(RateLimit.OFF, Map.of(), RateLimit.OFF, RateLimit.OFF, 1, System::nanoTime);
    }

    private static TokenBuckets buckets(RateLimit rate, int maxClients, LongSupplier clock) {
        return rate.on() ? new TokenBuckets(rate, maxClients, clock) : null;
    }

    /** The key a client is counted under: its principal once authenticated, else its address (null: stdio's one client). */
    public static Object clientOf(Principal principal, InetAddress address) {
        if (principal != null && !principal.isAnonymous()) {
            return principal;
        }
        return address != null ? address : LOCAL;
    }

    /** Whether any tool call may be limited (else {@link #toolCall} always admits). */
    public boolean limitsToolCalls() {
        return toolCalls != null || !perTool.isEmpty();
    }

    /** Takes a token for a call of {@code tool} by {@code client}; null when admitted, else the refusal. */
    public RateLimited toolCall(Object client, String tool) {
        if (perTool.containsKey(tool)) {
            TokenBuckets own = perTool.get(tool);
            return own == null ? null : take(own, client, RateLimited.Kind.TOOL_CALLS, tool, perToolRates.get(tool));
        }
        return toolCalls == null ? null : take(toolCalls, client, RateLimited.Kind.TOOL_CALLS, null, toolCallRate);
    }

    /** Takes a token for a new connection from {@code address}; null when admitted. */
    public RateLimited connection(InetAddress address) {
        return connections == null || address == null ? null
                : take(connections, address, RateLimited.Kind.CONNECTIONS, null, connectionRate);
    }

    /** Whether new connections are limited. */
    public boolean limitsConnections() {
        return connections != null;
    }

    /** The connection rate, per second, rounded up (0 when off): the {@code limit} a refused connection reads. */
    public int connectionsPerSecond() {
        return (int) Math.ceil(connectionRate.perSecond());
    }

    /** Takes a token for a new session of {@code client}; null when admitted. */
    public RateLimited session(Object client) {
        return sessions == null ? null : take(sessions, client, RateLimited.Kind.SESSIONS, null, sessionRate);
    }

    private RateLimited take(TokenBuckets buckets, Object client, RateLimited.Kind kind, String tool, RateLimit rate) {
        long wait = buckets.tryAcquire(client);
        if (wait == 0) {
            return null;
        }
        refused[kind.ordinal()].increment();
        return new RateLimited(kind, tool, rate, wait);
    }

    /** Requests or connections refused so far by limits of {@code kind}. */
    public long refused(RateLimited.Kind kind) {
        return refused[kind.ordinal()].sum();
    }

    /** Clients tracked now by every limit together (each limit holds at most {@code maxClients}). */
    public int trackedClients() {
        int n = 0;
        for (TokenBuckets b : all()) {
            n += b.tracked();
        }
        return n;
    }

    /** Buckets dropped before they were full because a table was full, every limit together. */
    public long evicted() {
        long n = 0;
        for (TokenBuckets b : all()) {
            n += b.evicted();
        }
        return n;
    }

    private java.util.List<TokenBuckets> all() {
        java.util.List<TokenBuckets> all = new java.util.ArrayList<>();
        for (TokenBuckets b : new TokenBuckets[] {toolCalls, connections, sessions}) {
            if (b != null) {
                all.add(b);
            }
        }
        for (TokenBuckets b : perTool.values()) {
            if (b != null) {
                all.add(b);
            }
        }
        return all;
    }
}
