package dev.tachyon.server.observability;

import dev.tachyon.server.TachyonServer;
import io.micrometer.core.instrument.Meter;
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
import java.io.IOException;
import java.io.OutputStream;

/**
 * The {@code tachyon} application's metrics: a Prometheus registry with the JVM's meters, handed
 * to the server as its {@link TachyonServer.Builder#meterRegistry registry} and
 * {@link TachyonServer.Builder#metricsScrape /metrics format}. The registry lives as long as the
 * process (the JVM's meters hold listeners the process ends with).
 */
public final class PrometheusMetrics implements MetricsScrape {

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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private PrometheusMetrics() {
        registry.config().meterFilter(LINT);
        new JvmGcMetrics().bindTo(registry);
        new JvmHeapPressureMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Gives {@code builder} a new Prometheus registry and its {@code /metrics} format; returns the builder. */
    public static TachyonServer.Builder attach(TachyonServer.Builder builder) {
        PrometheusMetrics metrics = new PrometheusMetrics();
        return builder.meterRegistry(metrics.registry).metricsScrape(metrics);
    }

    /** OpenMetrics when {@code accept} names it, the Prometheus text format otherwise. */
    @Override
    public String scrape(OutputStream out, String accept) throws IOException {
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT
                : PROMETHEUS_TEXT;
        registry.scrape(out, type);
        return type;
    }
}
