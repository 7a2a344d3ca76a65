package dev.tachyon.server.observability;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds the OpenTelemetry SDK from the standard {@code OTEL_*} environment variables (or
 * {@code otel.*} system properties), but only when they ask for traces to be exported:
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}, or an OTLP endpoint. Otherwise there
 * is no SDK, no tracing observer and no cost.
 *
 * <p>Only traces are Tachyon's business here: metrics and logs exporters default to
 * {@code none} (metrics are on the admin port) unless the variables say otherwise. The service
 * name defaults to {@code tachyon}. Shipped exporters: {@code otlp} over HTTP/protobuf (the
 * JDK's HTTP client; the default protocol here, as gRPC would need another sender) and
 * {@code console}.
 */
public final class TracingSetup {

    private static final String[] ENABLING = {
        "otel.traces.exporter", "otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint"};

    private TracingSetup() {
    }

    /** The configured SDK, or empty when the environment asks for no trace export. */
    public static Optional<OpenTelemetrySdk> fromEnvironment(Map<String, String> environment, Properties properties) {
        if ("true".equalsIgnoreCase(setting("otel.sdk.disabled", environment, properties))) {
            return Optional.empty();
        }
        String exporter = setting(ENABLING[0], environment, properties);
        if (exporter != null && exporter.strip().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        boolean wanted = exporter != null;
        for (int i = 1; i < ENABLING.length && !wanted; i++) {
            wanted = setting(ENABLING[i], environment, properties) != null;
        }
        if (!wanted) {
            return Optional.empty();
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "tachyon");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        // The OTLP sender shipped is the JDK's HTTP client; gRPC would need another.
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        // The SDK reads the process environment and system properties itself; handing it the ones
        // given here as well keeps the decision above and the SDK's configuration one and the same.
        environment.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                defaults.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("otel.")) {
                defaults.put(name, properties.getProperty(name));
            }
        }
        return Optional.of(AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .build()
                .getOpenTelemetrySdk());
    }

    /** A system property ({@code otel.x.y}) wins over its variable ({@code OTEL_X_Y}), as in the SDK. */
    private static String setting(String property, Map<String, String> environment, Properties properties) {
        String value = properties.getProperty(property);
        if (value == null) {
            value = environment.get(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
