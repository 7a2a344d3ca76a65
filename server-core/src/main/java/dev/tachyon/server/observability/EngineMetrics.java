package dev.tachyon.server.observability;

import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.server.engine.McpSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters: requests by method and outcome, latency per method, messages and
 * bytes in and out, sessions by transport and era, requests in flight.
 *
 * <p>The hot path touches only striped adders and meters found by array index: the method's
 * ordinal and the outcome's, never a lookup by name. Meters of a method are created the first
 * time it is seen, so a scrape lists only methods clients actually use.
 *
 * <p>Thread-safe: every session's event loop calls in.
 */
public final class EngineMetrics {

    private static final McpSession.RevisionScope[] ERAS = McpSession.RevisionScope.values();

    /** The {@code method} label of a message that could not be read as a request at all. */
    static final String INVALID_METHOD = "invalid";
    /** The {@code method} label of a method name the server does not know. */
    static final String UNKNOWN_METHOD = "unknown";

    private static final McpMethod[] METHODS = McpMethod.values();
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final TransportKind[] TRANSPORTS = TransportKind.values();
    /** Slot for "could not be read as a request", after every McpMethod. */
    private static final int INVALID_SLOT = METHODS.length;

    private final MeterRegistry registry;
    private final Counter[][] requests = new Counter[METHODS.length + 1][OUTCOMES.length];
    private final Timer[] durations = new Timer[METHODS.length];
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final AtomicInteger[][] sessions = new AtomicInteger[TRANSPORTS.length][ERAS.length];
    private final LongAdder[] sessionsOpened = new LongAdder[TRANSPORTS.length];
    /** Responses refused by {@code limits.max-response-bytes}, the one reason there is so far. */
    private final Counter responsesTooLarge;

    /** Registers the engine's meters with {@code registry}. */
    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("tachyon.messages.received", messagesReceived, LongAdder::sum)
                .description("JSON-RPC messages received: requests, notifications and responses, valid or not")
                .register(registry);
        FunctionCounter.builder("tachyon.messages.sent", messagesSent, LongAdder::sum)
                .description("JSON-RPC messages sent: responses, notifications and server-to-client requests")
                .register(registry);
        FunctionCounter.builder("tachyon.received", bytesReceived, LongAdder::sum).baseUnit("bytes")
                .description("Bytes of JSON-RPC messages received, without framing")
                .register(registry);
        FunctionCounter.builder("tachyon.sent", bytesSent, LongAdder::sum).baseUnit("bytes")
                .description("Bytes of JSON-RPC messages sent, without framing")
                .register(registry);
        responsesTooLarge = Counter.builder("tachyon.responses.refused")
                .description("Responses not written because they were over a bound; the client got an error instead")
                .tags("reason", "response-too-large")
                .register(registry);
        Gauge.builder("tachyon.requests.in.flight", inFlight, LongAdder::sum)
                .description("Requests accepted and not yet answered")
                .register(registry);
        for (TransportKind transport : TRANSPORTS) {
            LongAdder opened = new LongAdder();
            sessionsOpened[transport.ordinal()] = opened;
            for (McpSession.RevisionScope era : ERAS) {
                AtomicInteger open = new AtomicInteger();
                sessions[transport.ordinal()][era.ordinal()] = open;
                Gauge.builder("tachyon.sessions", open, AtomicInteger::get)
                        .description("MCP sessions open now")
                        .tags("transport", transport.label(), "era", eraLabel(era))
                        .register(registry);
            }
            AtomicInteger[] byEra = sessions[transport.ordinal()];
            FunctionCounter.builder("tachyon.sessions.opened", opened, LongAdder::sum)
                    .description("MCP sessions opened since start")
                    .tags("transport", transport.label())
                    .register(registry);
            if (transport.connectionPerSession()) {
                Gauge.builder("tachyon.connections", byEra, EngineMetrics::sum)
                        .description("Client connections open now (transports with one session per connection)")
                        .tags("transport", transport.label())
                        .register(registry);
            }
        }
    }

    void sessionOpened(McpSession session) {
        int transport = session.transport().ordinal();
        sessions[transport][session.revisionScope().ordinal()].incrementAndGet();
        sessionsOpened[transport].increment();
    }

    void sessionClosed(McpSession session) {
        sessions[session.transport().ordinal()][session.revisionScope().ordinal()].decrementAndGet();
    }

    void received(int bytes) {
        messagesReceived.increment();
        bytesReceived.add(bytes);
    }

    void sent(int bytes) {
        messagesSent.increment();
        bytesSent.add(bytes);
    }

    void requestStarted() {
        inFlight.increment();
    }

    void requestEnded(McpMethod method, long nanos, Outcome outcome) {
        inFlight.decrement();
        count(method.ordinal(), outcome);
        if (outcome != Outcome.CANCELLED) {
            Timer timer = durations[method.ordinal()];
            if (timer == null) {
                timer = durations[method.ordinal()] = timer(method);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void responseRefused(String reason) {
        if ("response-too-large".equals(reason)) {
            responsesTooLarge.increment();
        } else {
            Counter.builder("tachyon.responses.refused").tags("reason", reason).register(registry).increment();
        }
    }

    void rejected(McpMethod method, Outcome outcome) {
        count(method == null ? INVALID_SLOT : method.ordinal(), outcome);
    }

    private void count(int slot, Outcome outcome) {
        Counter counter = requests[slot][outcome.ordinal()];
        if (counter == null) {
            // A benign race: the registry hands both threads the same counter.
            counter = requests[slot][outcome.ordinal()] = Counter.builder("tachyon.requests")
                    .description("JSON-RPC requests answered or cancelled, by method and outcome")
                    .tags("method", label(slot), "outcome", outcome.label())
                    .register(registry);
        }
        counter.increment();
        if (outcome.isError()) {
            errors.increment();
        }
    }

    private Timer timer(McpMethod method) {
        // Buckets from 10 us (an inline answer) to 60 s (a slow blocking tool), about 55 of them.
        return Timer.builder("tachyon.request.duration")
                .description("Time from a request being read and decoded to its answer")
                .tags("method", label(method.ordinal()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private static String label(int slot) {
        if (slot == INVALID_SLOT) {
            return INVALID_METHOD;
        }
        McpMethod method = METHODS[slot];
        return method == McpMethod.UNKNOWN ? UNKNOWN_METHOD : method.methodName();
    }

    /** Sessions open now on {@code transport}, of every era. */
    public int sessions(TransportKind transport) {
        return (int) sum(sessions[transport.ordinal()]);
    }

    /** Sessions open now on {@code transport} serving {@code era}. */
    public int sessions(TransportKind transport, McpSession.RevisionScope era) {
        return sessions[transport.ordinal()][era.ordinal()].get();
    }

    /**
     * The {@code era} label: the revision a session serves; {@code per-message} for TCP and
     * stdio connections, which serve each request by the revision it names.
     */
    public static String eraLabel(McpSession.RevisionScope era) {
        switch (era) {
            case STATEFUL: return "2025-11-25";
            case STATELESS: return "2026-07-28";
            default: return "per-message";
        }
    }

    private static double sum(AtomicInteger[] counts) {
        long total = 0;
        for (AtomicInteger count : counts) {
            total += count.get();
        }
        return total;
    }

    /** Requests accepted and not yet answered. */
    public long inFlight() {
        return inFlight.sum();
    }

    /** Messages received since start. */
    public long messagesReceived() {
        return messagesReceived.sum();
    }

    /** Error answers since start (requests answered with an error and messages refused). */
    public long errors() {
        return errors.sum();
    }
}
