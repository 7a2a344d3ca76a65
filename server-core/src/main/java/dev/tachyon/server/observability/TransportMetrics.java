package dev.tachyon.server.observability;

import dev.tachyon.server.auth.AuthFailure;
import dev.tachyon.server.auth.AuthRefusals;
import dev.tachyon.server.ratelimit.RateLimited;
import dev.tachyon.server.ratelimit.RateLimits;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionCloses;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.SessionLimit;
import java.util.function.LongSupplier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the transports' shared limits: the global connection cap and the
 * per-connection memory budget. Read when scraped; nothing is counted twice.
 */
public final class TransportMetrics {

    private TransportMetrics() {
    }

    /** Registers the meters of {@code connections} and {@code budgets} with {@code registry}. */
    public static void bind(MeterRegistry registry, ConnectionLimit connections, ConnectionBudgets budgets) {
        Gauge.builder("tachyon.connections.open", connections, ConnectionLimit::open)
                .description("Connections of the network transports (TCP and HTTP) counted against limits.max-connections")
                .strongReference(true)
                .register(registry);
        Gauge.builder("tachyon.connections.max", connections, ConnectionLimit::max)
                .description("limits.max-connections: the cap on TCP and HTTP connections together")
                .strongReference(true)
                .register(registry);
        for (ConnectionLimit.Reason reason : ConnectionLimit.Reason.values()) {
            FunctionCounter.builder("tachyon.connections.refused", connections, c -> c.refused(reason))
                    .description("Connections refused on accept (TCP: one -32001 line; HTTP: 503)")
                    .tags("reason", reason.label())
                    .register(registry);
        }
        Gauge.builder("tachyon.connection.memory.budget", budgets, ConnectionBudgets::limit).baseUnit("bytes")
                .description("limits.max-connection-memory: what one connection may hold in partial input and unsent output")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder("tachyon.connection.memory.refused", budgets, ConnectionBudgets::refusedRequests)
                .description("Requests refused with -32001 connection-memory: their connection was at its memory budget")
                .register(registry);
        ConnectionCloses closes = budgets.closes();
        for (ConnectionCloses.Reason reason : ConnectionCloses.Reason.values()) {
            FunctionCounter.builder("tachyon.connections.closed", closes, c -> c.count(reason))
                    .description("Connections the server closed because a per-connection limit tripped, by the limit")
                    .tags("reason", reason.label())
                    .register(registry);
        }
    }

    /**
     * Registers {@code tachyon_auth_refusals_total{reason}}: requests the resource server
     * refused, by {@link AuthFailure} label (missing, invalid, expired, audience, issuer,
     * signature, scope, query-token...).
     */
    public static void bindAuth(MeterRegistry registry, AuthRefusals refusals) {
        for (AuthFailure failure : AuthFailure.values()) {
            FunctionCounter.builder("tachyon.auth.refusals", refusals, r -> r.refused(failure))
                    .description("Streamable HTTP requests refused by the OAuth resource server (401/403/400/404/503)")
                    .tags("reason", failure.label())
                    .register(registry);
        }
    }

    /**
     * Registers the meters of the per-client rate limits: refusals by what was limited
     * ({@code tachyon_rate_limited_total{kind="rate-limited-tool-calls"|...}}), clients tracked,
     * and buckets dropped early because a table was full.
     */
    public static void bindRateLimits(MeterRegistry registry, RateLimits limits) {
        for (RateLimited.Kind kind : RateLimited.Kind.values()) {
            FunctionCounter.builder("tachyon.rate.limited", limits, l -> l.refused(kind))
                    .description("Requests (tool calls, initialize) and connections refused by a per-client rate limit")
                    .tags("kind", kind.reason())
                    .register(registry);
        }
        Gauge.builder("tachyon.rate.limit.clients", limits, RateLimits::trackedClients)
                .description("Clients the rate limits track now, every limit together (each at most rate-limits.max-clients)")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder("tachyon.rate.limit.evicted", limits, RateLimits::evicted)
                .description("Buckets dropped before they were full because a table held rate-limits.max-clients")
                .register(registry);
    }

    /**
     * Registers the meters of the HTTP session caps and event logs: sessions refused by cap
     * (sessions open are {@code tachyon_sessions{transport="http"}}), the caps, and the bytes and
     * evictions of the sessions' event logs.
     */
    public static void bindHttpSessions(MeterRegistry registry, SessionLimit sessions, LongSupplier eventLogBytes,
            LongSupplier eventLogEvictions) {
        Gauge.builder("tachyon.sessions.max", sessions, SessionLimit::max)
                .description("http.max-sessions: the cap on HTTP sessions")
                .tags("transport", "http")
                .strongReference(true)
                .register(registry);
        for (SessionLimit.Reason reason : SessionLimit.Reason.values()) {
            FunctionCounter.builder("tachyon.sessions.refused", sessions, s -> s.refused(reason))
                    .description("initialize refused with 503 and -32001: a session cap was reached")
                    .tags("transport", "http", "reason", reason.label())
                    .register(registry);
        }
        Gauge.builder("tachyon.http.event.log", eventLogBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("SSE events kept for resumption by every HTTP session together")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder("tachyon.http.event.log.evicted", eventLogEvictions, LongSupplier::getAsLong)
                .description("SSE events dropped from a session's event log (or never kept) for http.event-log-capacity"
                        + " or http.event-log-max-bytes")
                .register(registry);
    }
}
