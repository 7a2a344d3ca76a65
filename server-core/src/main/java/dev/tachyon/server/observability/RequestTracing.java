package dev.tachyon.server.observability;

import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.server.engine.McpSession;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server span per request, continuing the client's trace when its {@code params._meta}
 * carries a W3C {@code traceparent} (and {@code tracestate}), as the MCP specification lets
 * {@code _meta} carry it.
 *
 * <p>The span is named after the method, with the tool or prompt name for {@code tools/call}
 * and {@code prompts/get} ({@code "tools/call echo"}), and carries the RPC semantic
 * conventions for JSON-RPC: {@code rpc.system=jsonrpc}, {@code rpc.method},
 * {@code rpc.jsonrpc.version}, {@code rpc.jsonrpc.request_id}, and on an error answer
 * {@code rpc.jsonrpc.error_code} with status ERROR; plus {@code mcp.method.name},
 * {@code mcp.session.id}, {@code mcp.protocol.version} and {@code gen_ai.tool.name} /
 * {@code gen_ai.prompt.name}.
 *
 * <p>Built only when an OpenTelemetry SDK is configured: without one the engine has no tracing
 * observer at all, so untraced servers pay nothing.
 */
public final class RequestTracing {

    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> JSONRPC_VERSION = AttributeKey.stringKey("rpc.jsonrpc.version");
    static final AttributeKey<String> JSONRPC_REQUEST_ID = AttributeKey.stringKey("rpc.jsonrpc.request_id");
    static final AttributeKey<Long> JSONRPC_ERROR_CODE = AttributeKey.longKey("rpc.jsonrpc.error_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_SESSION = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> MCP_PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<Boolean> MCP_CANCELLED = AttributeKey.booleanKey("mcp.request.cancelled");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /** Traces through {@code openTelemetry}'s tracer and propagators (W3C trace context by default). */
    public RequestTracing(OpenTelemetry openTelemetry, String version) {
        this.tracer = openTelemetry.getTracer("dev.tachyon.server", version);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    Span start(McpSession session, McpMethod method, byte[] id, Map<String, Object> params) {
        String name = method.methodName();
        String target = null;
        if (method == McpMethod.TOOLS_CALL || method == McpMethod.PROMPTS_GET) {
            Object value = params.get("name");
            target = value instanceof String ? (String) value : null;
        }
        SpanBuilder span = tracer.spanBuilder(target == null ? name : name + " " + target)
                .setParent(parent(params))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(RPC_SYSTEM, "jsonrpc")
                .setAttribute(RPC_METHOD, name)
                .setAttribute(JSONRPC_VERSION, "2.0")
                .setAttribute(JSONRPC_REQUEST_ID, new String(id, StandardCharsets.UTF_8))
                .setAttribute(MCP_METHOD, name)
                .setAttribute(MCP_SESSION, session.id())
                .setAttribute(NETWORK_TRANSPORT, session.transport() == TransportKind.STDIO ? "pipe" : "tcp");
        if (session.protocolVersion() != null) {
            span.setAttribute(MCP_PROTOCOL_VERSION, session.protocolVersion());
        }
        if (target != null) {
            span.setAttribute(method == McpMethod.TOOLS_CALL ? TOOL_NAME : PROMPT_NAME, target);
        }
        return span.startSpan();
    }

    static void end(Object observation, int errorCode, boolean cancelled) {
        Span span = (Span) observation;
        if (cancelled) {
            span.setAttribute(MCP_CANCELLED, true);
        } else if (errorCode != 0) {
            span.setAttribute(JSONRPC_ERROR_CODE, errorCode);
            span.setAttribute(ERROR_TYPE, Integer.toString(errorCode));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    static String traceId(Object observation) {
        return observation instanceof Span ? ((Span) observation).getSpanContext().getTraceId() : null;
    }

    private Context parent(Map<String, Object> params) {
        Object meta = params.get("_meta");
        if (!(meta instanceof Map)) {
            return Context.root(); // a new trace; never the thread's current context
        }
        return propagator.extract(Context.root(), (Map<?, ?>) meta, MetaGetter.INSTANCE);
    }

    /** Reads propagation fields ({@code traceparent}, {@code tracestate}, {@code baggage}) from {@code _meta}. */
    private enum MetaGetter implements TextMapGetter<Map<?, ?>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<?, ?> carrier) {
            List<String> keys = new ArrayList<>(carrier.size());
            for (Object key : carrier.keySet()) {
                keys.add(String.valueOf(key));
            }
            return keys;
        }

        @Override
        public String get(Map<?, ?> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Object value = carrier.get(key);
            return value instanceof String ? (String) value : null;
        }
    }
}
