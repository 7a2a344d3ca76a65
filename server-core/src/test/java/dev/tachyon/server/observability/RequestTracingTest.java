package dev.tachyon.server.observability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.OpsTools;
import dev.tachyon.server.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A span per request, exported through the OpenTelemetry SDK to an in-memory exporter:
 * names, kinds, attributes, status, and the parent a client's {@code _meta.traceparent} names.
 */
class RequestTracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT_SPAN_ID = "b7ad6b7169203331";
    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(EXPORTER)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @RegisterExtension
    static final TestServer server = new TestServer(b -> OpsTools.register(b).openTelemetry(SDK));

    @AfterAll
    static void closeSdk() {
        SDK.close();
    }

    @BeforeEach
    void forgetEarlierSpans() {
        EXPORTER.reset();
    }

    /** The spans ended so far named {@code name}; spans end before their answer is written. */
    private static List<SpanData> spans(String name) {
        return EXPORTER.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }

    private static SpanData only(String name) {
        List<SpanData> spans = spans(name);
        assertEquals(1, spans.size(), () -> "spans named " + name + ": " + EXPORTER.getFinishedSpanItems());
        return spans.get(0);
    }

    private static <T> T attribute(SpanData span, String key, AttributeKey<T> type) {
        assertEquals(key, type.getKey());
        return span.getAttributes().get(type);
    }

    @Test
    void aRequestWithATraceparentContinuesTheClientsTrace() {
        NdjsonClient client = server.initialized("{}");
        long id = client.nextRequestId();
        client.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},"
                + "\"_meta\":{\"traceparent\":\"00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01\",\"tracestate\":\"vendor=x\"}}");
        SpanData span = only("tools/call echo");
        assertAll(
                () -> assertEquals(SpanKind.SERVER, span.getKind()),
                () -> assertEquals(TRACE_ID, span.getTraceId()),
                () -> assertEquals(PARENT_SPAN_ID, span.getParentSpanId()),
                () -> assertTrue(span.getParentSpanContext().isRemote()),
                () -> assertEquals("x", span.getSpanContext().getTraceState().get("vendor")),
                () -> assertEquals("jsonrpc", attribute(span, "rpc.system", RequestTracing.RPC_SYSTEM)),
                () -> assertEquals("tools/call", attribute(span, "rpc.method", RequestTracing.RPC_METHOD)),
                () -> assertEquals("2.0", attribute(span, "rpc.jsonrpc.version", RequestTracing.JSONRPC_VERSION)),
                () -> assertEquals(Long.toString(id),
                        attribute(span, "rpc.jsonrpc.request_id", RequestTracing.JSONRPC_REQUEST_ID)),
                () -> assertEquals("tools/call", attribute(span, "mcp.method.name", RequestTracing.MCP_METHOD)),
                () -> assertTrue(attribute(span, "mcp.session.id", RequestTracing.MCP_SESSION).startsWith("tcp-")),
                () -> assertEquals("2025-11-25",
                        attribute(span, "mcp.protocol.version", RequestTracing.MCP_PROTOCOL_VERSION)),
                () -> assertEquals("echo", attribute(span, "gen_ai.tool.name", RequestTracing.TOOL_NAME)),
                () -> assertNull(attribute(span, "rpc.jsonrpc.error_code", RequestTracing.JSONRPC_ERROR_CODE)),
                () -> assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode()),
                () -> assertTrue(span.hasEnded()));
    }

    @Test
    void aRequestWithoutOneStartsANewTrace() {
        NdjsonClient client = server.initialized("{}");
        client.result("ping", null);
        client.result("tools/list", "{\"_meta\":{\"progressToken\":1}}");
        SpanData ping = only("ping");
        SpanData list = only("tools/list");
        assertAll(
                () -> assertFalse(ping.getParentSpanContext().isValid()),
                () -> assertEquals(SpanId.getInvalid(), ping.getParentSpanId()),
                () -> assertFalse(list.getParentSpanContext().isValid()),
                () -> assertNotEquals(ping.getTraceId(), list.getTraceId()),
                () -> assertEquals(ping.getAttributes().get(RequestTracing.MCP_SESSION),
                        list.getAttributes().get(RequestTracing.MCP_SESSION)),
                () -> assertEquals(1, spans("initialize").size(), "initialize has its span too"));
    }

    @Test
    void anErrorAnswerCarriesItsCodeAndErrorStatus() {
        NdjsonClient client = server.initialized("{}");
        client.error("tools/call", "{\"name\":\"strict\",\"arguments\":{}}");
        SpanData span = only("tools/call strict");
        assertEquals(-32602L, span.getAttributes().get(RequestTracing.JSONRPC_ERROR_CODE));
        assertEquals("-32602", span.getAttributes().get(RequestTracing.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    @Test
    void aCancelledRequestsSpanEndsWhenItIsCancelled() throws Exception {
        NdjsonClient client = server.initialized("{}");
        long id = client.nextRequestId();
        CompletableFuture<?> never = client.requestAsync("tools/call", "{\"name\":\"sleep\",\"arguments\":{\"ms\":10000}}");
        Thread.sleep(100); // running on a worker
        client.notify("notifications/cancelled", "{\"requestId\":" + id + "}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (spans("tools/call sleep").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        SpanData span = only("tools/call sleep");
        assertEquals(Boolean.TRUE, span.getAttributes().get(RequestTracing.MCP_CANCELLED));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertFalse(never.isDone(), "a cancelled request is not answered");
    }

    @Test
    void messagesThatNeverBecomeRequestsHaveNoSpan() {
        NdjsonClient client = server.initialized("{}");
        client.error("no/such/method", null);
        client.sendLine("not json");
        client.awaitMessage(m -> m.containsKey("error") && m.get("id") == null);
        client.result("ping", null);
        assertEquals(List.of("ping"), EXPORTER.getFinishedSpanItems().stream().map(SpanData::getName)
                .filter(n -> !n.equals("initialize")).collect(Collectors.toList()));
    }
}
