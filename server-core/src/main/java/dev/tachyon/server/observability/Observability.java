package dev.tachyon.server.observability;

import dev.tachyon.bufferpool.PoolMetrics;
import dev.tachyon.server.engine.EngineObserver;
import dev.tachyon.server.engine.CircuitBreaker;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.SessionLimits;
import dev.tachyon.server.engine.WorkerPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A server's metrics and traces: the engine's, the worker pool's and the buffer pool's meters on
 * the host's Micrometer registry; the GC pause record behind {@code /health}; the request
 * tracer over the host's OpenTelemetry; and the {@link EngineObserver} that feeds them.
 *
 * <p>Either half may be off. With neither, {@link #observer()} is {@link EngineObserver#NONE}
 * and the engine's hot path pays one no-op call per event. The JVM's own meters (GC, memory,
 * threads...) are the host's to bind: it may already have them on its registry.
 */
public final class Observability implements AutoCloseable {

    private final MeterRegistry registry;
    /** Whether {@link #registry} is the server's own (closed with it) rather than the host's. */
    private final boolean ownRegistry;
    private final MetricsScrape scrape;
    private final EngineMetrics metrics;
    private final GcPauses gcPauses;
    private final EngineObserver observer;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Observability(McpEngine engine, Metrics wanted, OpenTelemetry openTelemetry, String version,
            BooleanSupplier serving) {
        RequestTracing tracing = openTelemetry == null ? null : new RequestTracing(openTelemetry, version);
        this.scrape = wanted.scrape;
        if (wanted.on()) {
            ownRegistry = wanted.registry == null;
            // Without a host registry the counters still feed /health (admin endpoint on): a private one.
            registry = ownRegistry ? new SimpleMeterRegistry() : wanted.registry;
            metrics = new EngineMetrics(registry);
            gcPauses = GcPauses.listen();
            closeables.add(gcPauses);
            bindServer(registry, engine, serving);
        } else {
            ownRegistry = false;
            registry = null;
            metrics = null;
            gcPauses = null;
        }
        observer = metrics == null && tracing == null ? EngineObserver.NONE : new ServerObserver(metrics, tracing);
    }

    /**
     * Which metrics a server keeps.
     *
     * @param registry the host's registry Tachyon's meters go to, or null for none
     * @param needed   whether metrics are needed even without a host registry (the admin endpoint's
     *                 {@code /health} reads them)
     * @param scrape   what {@code /metrics} answers, or null: it answers 404
     */
    public record Metrics(MeterRegistry registry, boolean needed, MetricsScrape scrape) {
        boolean on() {
            return registry != null || needed;
        }
    }

    /**
     * Sets up metrics (as {@code metrics} asks) and traces (when {@code openTelemetry} is not
     * null) for {@code engine}, and installs the observer that feeds them.
     *
     * @param version the server version, reported as the tracer's instrumentation version
     * @param serving whether the server is serving (started and not draining), for {@code tachyon_ready}
     */
    public static Observability install(McpEngine engine, Metrics metrics, OpenTelemetry openTelemetry,
            String version, BooleanSupplier serving) {
        Observability observability = new Observability(engine, metrics, openTelemetry, version, serving);
        engine.observe(observability.observer);
        return observability;
    }

    private static long countBreakers(McpEngine engine, CircuitBreaker.State state) {
        return engine.breakers().all().values().stream().filter(b -> b.state() == state).count();
    }

    /** Gauges reference their objects weakly unless told otherwise; those made here have no other owner. */
    private static void bindServer(MeterRegistry registry, McpEngine engine, BooleanSupplier serving) {
        WorkerPool workers = engine.workers();
        Gauge.builder("tachyon.worker.queue.depth", workers, WorkerPool::queueDepth)
                .description("Blocking tasks waiting for a worker")
                .register(registry);
        Gauge.builder("tachyon.worker.queue.capacity", workers, WorkerPool::capacity)
                .description("Capacity of the worker queue; requests are refused from 95% of it")
                .register(registry);
        FunctionCounter.builder("tachyon.worker.rejections", workers, WorkerPool::rejectedCount)
                .description("Blocking tasks refused because the worker queue was full or closing")
                .register(registry);
        FunctionCounter.builder("tachyon.worker.session.share.rejections", workers, WorkerPool::laneRejectedCount)
                .description("Blocking calls refused because their session had its share of the queue waiting")
                .register(registry);
        FunctionCounter.builder("tachyon.worker.dropped", workers, WorkerPool::droppedCount)
                .description("Queued blocking calls dropped unrun because their session or connection closed")
                .register(registry);
        FunctionCounter.builder("tachyon.worker.queue.warnings", workers, WorkerPool::warnings)
                .description("Times the worker queue crossed 75% of its capacity (each also logged)")
                .register(registry);
        Gauge.builder("tachyon.worker.max.per.session", workers, WorkerPool::maxRunningPerLane)
                .description("Workers one session may hold at once")
                .register(registry);
        Gauge.builder("tachyon.worker.threads", engine, e -> e.settings().workerThreads())
                .description("Worker threads running blocking handlers")
                .register(registry);
        TaskMetrics.bind(registry, engine.tasks());
        PoolMetrics pool = PoolMetrics.shared();
        Gauge.builder("tachyon.bufferpool.pooled.direct", pool, PoolMetrics::pooledDirectBytes).baseUnit("bytes")
                .strongReference(true)
                .description("Direct memory held by the shared buffer pool's arenas (free space in chunks included)")
                .register(registry);
        Gauge.builder("tachyon.bufferpool.pooled.heap", pool, PoolMetrics::pooledHeapBytes).baseUnit("bytes")
                .strongReference(true)
                .description("Heap memory held by the shared buffer pool's arenas")
                .register(registry);
        Gauge.builder("tachyon.direct.memory.used", pool, PoolMetrics::nettyDirectBytes).baseUnit("bytes")
                .strongReference(true)
                .description("Direct memory reserved by Netty, pooled and unpooled (-1 when not counted)")
                .register(registry);
        Gauge.builder("tachyon.direct.memory.max", pool, PoolMetrics::maxDirectBytes).baseUnit("bytes")
                .strongReference(true)
                .description("The most direct memory Netty may reserve")
                .register(registry);
        Gauge.builder("tachyon.breakers.open", engine, e -> countBreakers(e, CircuitBreaker.State.OPEN))
                .description("Tools whose circuit breaker is open (their calls are refused with -32006)")
                .register(registry);
        Gauge.builder("tachyon.breakers.half.open", engine, e -> countBreakers(e, CircuitBreaker.State.HALF_OPEN))
                .description("Tools whose circuit breaker is letting probe calls through")
                .register(registry);
        SessionLimits limits = engine.limits();
        Gauge.builder("tachyon.subscriptions.open", limits, SessionLimits::subscriptionsOpen)
                .description("Resource subscriptions (resources/subscribe) held by open sessions")
                .register(registry);
        for (SessionLimits.Refusal reason : SessionLimits.Refusal.values()) {
            FunctionCounter.builder("tachyon.session.limit.refusals", limits, l -> l.refused(reason))
                    .description("Requests refused at a per-session bound (subscriptions, URI length, pending client requests)")
                    .tags("reason", reason.label())
                    .register(registry);
        }
        Gauge.builder("tachyon.memory.pressure.level", engine, e -> e.memory().level())
                .description("0 ok, 1 above the warn watermark, 2 refusing requests, 3 refusing connections too")
                .register(registry);
        FunctionCounter.builder("tachyon.memory.collections.requested", engine, e -> e.memory().collectionsRequested())
                .description("Collections asked for because the live-heap figure was stale while requests were refused")
                .register(registry);
        FunctionCounter.builder("tachyon.memory.large.messages.refused", engine, e -> e.memory().largeMessagesRefused())
                .description("Large messages refused before decoding because their decoded size would pass the reject watermark")
                .register(registry);
        Gauge.builder("tachyon.ready", serving, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while the server is serving, 0 while starting or draining")
                .strongReference(true)
                .register(registry);
    }

    /** What the engine calls. */
    public EngineObserver observer() {
        return observer;
    }

    /** Whether metrics are on. */
    public boolean hasMetrics() {
        return registry != null;
    }

    /** The engine's counters; null when metrics are off. */
    public EngineMetrics engineMetrics() {
        return metrics;
    }

    /** GC pauses of the last minutes; null when metrics are off. */
    public GcPauses gcPauses() {
        return gcPauses;
    }

    /** The registry; null when metrics are off. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Whether {@code /metrics} has something to answer: the host gave a {@link MetricsScrape}. */
    public boolean canScrape() {
        return scrape != null && registry != null;
    }

    /**
     * Writes every meter as the host's {@link MetricsScrape} does, in the format {@code accept}
     * (an HTTP {@code Accept} header, or null) asks for.
     *
     * @return the content type written
     * @throws IllegalStateException when there is nothing to scrape ({@link #canScrape()} is false)
     */
    public String scrape(OutputStream out, String accept) throws IOException {
        if (!canScrape()) {
            throw new IllegalStateException("no metrics scrape given");
        }
        return scrape.scrape(out, accept);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // listeners of a JVM that is going away; nothing else holds them
            }
        }
        if (ownRegistry) {
            registry.close(); // a host's registry is the host's to close
        }
    }
}
