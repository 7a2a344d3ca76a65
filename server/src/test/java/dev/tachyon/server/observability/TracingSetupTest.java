package dev.tachyon.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void theConsoleExporterBuildsARecordingSdk() {
        OpenTelemetrySdk sdk = setup(Map.of("OTEL_TRACES_EXPORTER", "console")).orElseThrow();
        try {
            Span span = sdk.getTracer("test").spanBuilder("s").startSpan();
            assertTrue(span.isRecording());
            span.end();
        } finally {
            sdk.close();
        }
    }

    @Test
    void anOtlpEndpointExportsSpansOverHttpProtobuf() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        collector.start();
        try {
            OpenTelemetrySdk sdk = setup(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + collector.getAddress().getPort())).orElseThrow();
            Span span = sdk.getTracer("test").spanBuilder("exported").startSpan();
            assertTrue(span.isRecording());
            span.end();
            sdk.close(); // flushes the batch
            assertEquals(1, received.size(), received::toString);
            assertTrue(received.get(0).startsWith("POST /v1/traces application/x-protobuf "), received::toString);
        } finally {
            collector.stop(0);
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
