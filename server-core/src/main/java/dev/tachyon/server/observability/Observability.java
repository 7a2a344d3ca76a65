package dev.tachyon.server.observability;

import dev.tachyon.bufferpool.PoolMetrics;
import dev.tachyon.server.engine.EngineObserver;
import dev.tachyon.server.engine.CircuitBreaker;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.SessionLimits;
import dev.tachyon.server.engine.WorkerPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A server's metrics and traces: the Prometheus registry with the engine's, the worker pool's,
 * the buffer pool's and the JVM's meters; the GC pause record behind {@code /health}; the
 * request tracer; and the {@link EngineObserver} that feeds them.
 *
 * <p>Either half may be off. With neither, {@link #observer()} is {@link EngineObserver#NONE}
 * and the engine's hot path pays one no-op call per event.
 */
public final class Observability implements AutoCloseable {

    /** The Prometheus text format, version 0.0.4: what {@code /metrics} answers unless asked for OpenMetrics. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, which Prometheus asks for first. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /**
     * Keeps the output clean for {@code promtool check metrics}: Micrometer's
     * {@code process.cpu.time} is in nanoseconds (an abbreviated, non-base unit; use
     * {@code process_cpu_usage}), and {@code system.cpu.count} would end in {@code _count}, which
     * Prometheus reserves for histograms and summaries; it is exported as {@code system_cpus}.
     */
    private static final MeterFilter LINT = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return "process.cpu.time".equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpus") : id;
        }
    };

    private final PrometheusMeterRegistry registry;
    private final EngineMetrics metrics;
    private final GcPauses gcPauses;
    private final EngineObserver observer;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Observability(McpEngine engine, boolean withMetrics, OpenTelemetry openTelemetry, String version,
            BooleanSupplier serving) {
        RequestTracing tracing = openTelemetry == null ? null : new RequestTracing(openTelemetry, version);
        if (withMetrics) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().meterFilter(LINT);
            metrics = new EngineMetrics(registry);
            gcPauses = GcPauses.listen();
            closeables.add(gcPauses);
            bindServer(registry, engine, serving);
            bindJvm(registry);
        } else {
            registry = null;
            metrics = null;
            gcPauses = null;
        }
        observer = metrics == null && tracing == null ? EngineObserver.NONE : new ServerObserver(metrics, tracing);
    }

    /**
     * Sets up metrics (when {@code withMetrics}) and traces (when {@code openTelemetry} is not
     * null) for {@code engine}, and installs the observer that feeds them.
     *
     * @param version the server version, reported as the tracer's instrumentation version
     * @param serving whether the server is serving (started and not draining), for {@code tachyon_ready}
     */
    public static Observability install(McpEngine engine, boolean withMetrics, OpenTelemetry openTelemetry,
            String version, BooleanSupplier serving) {
        Observability observability = new Observability(engine, withMetrics, openTelemetry, version, serving);
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

    private void bindJvm(MeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        pressure.bindTo(registry);
        closeables.add(pressure);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
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

    /**
     * Writes every meter in the format {@code accept} (an HTTP {@code Accept} header, or null)
     * asks for: OpenMetrics when it names it, the Prometheus text format otherwise.
     *
     * @return the content type written
     * @throws IllegalStateException when metrics are off
     */
    public String scrape(OutputStream out, String accept) throws IOException {
        if (registry == null) {
            throw new IllegalStateException("metrics are off");
        }
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT
                : PROMETHEUS_TEXT;
        registry.scrape(out, type);
        return type;
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
        if (registry != null) {
            registry.close();
        }
    }
}
