package dev.tachyon.server.observability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The SDK exists only when the OTEL_* settings ask for trace export. */
class TracingSetupTest {

    private static Optional<OpenTelemetrySdk> setup(Map<String, String> environment) {
        return TracingSetup.fromEnvironment(environment, new Properties());
    }

    @Test
    void nothingAskedNothingBuilt() {
        assertFalse(setup(Map.of("PATH", "/usr/bin", "OTEL_SERVICE_NAME", "x")).isPresent());
        assertFalse(setup(Map.of("OTEL_TRACES_EXPORTER", "none")).isPresent());
        assertFalse(setup(Map.of("OTEL_TRACES_EXPORTER", "console", "OTEL_SDK_DISABLED", "true")).isPresent());
    }

    @Test
    void anExporterOrAnEndpointBuildsARecordingSdk() {
        for (Map<String, String> environment : List.of(
                Map.of("OTEL_TRACES_EXPORTER", "console"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))) {
            OpenTelemetrySdk sdk = setup(environment).orElseThrow(() -> new AssertionError(environment.toString()));
            try {
                Span span = sdk.getTracer("test").spanBuilder("s").startSpan();
                assertTrue(span.isRecording(), environment::toString);
                span.end();
            } finally {
                sdk.close();
            }
        }
    }

    @Test
    void aSystemPropertyAsksToo() {
        Properties properties = new Properties();
        properties.setProperty("otel.traces.exporter", "console");
        Optional<OpenTelemetrySdk> sdk = TracingSetup.fromEnvironment(Map.of(), properties);
        assertTrue(sdk.isPresent());
        sdk.get().close();
    }
}
