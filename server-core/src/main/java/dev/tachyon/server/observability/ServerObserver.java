package dev.tachyon.server.observability;

import dev.tachyon.codec.McpMethod;
import dev.tachyon.server.engine.EngineObserver;
import dev.tachyon.server.engine.McpSession;
import java.util.Map;

/**
 * The engine observer of a server with metrics, traces or both: hands each event to the
 * {@link EngineMetrics} and the {@link RequestTracing} that are switched on (either may be null).
 */
final class ServerObserver implements EngineObserver {

    private final EngineMetrics metrics;
    private final RequestTracing tracing;

    ServerObserver(EngineMetrics metrics, RequestTracing tracing) {
        if (metrics == null && tracing == null) {
            throw new IllegalArgumentException("nothing to observe with: use EngineObserver.NONE");
        }
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public void sessionOpened(McpSession session) {
        if (metrics != null) {
            metrics.sessionOpened(session);
        }
    }

    @Override
    public void sessionClosed(McpSession session) {
        if (metrics != null) {
            metrics.sessionClosed(session);
        }
    }

    @Override
    public void received(int bytes) {
        if (metrics != null) {
            metrics.received(bytes);
        }
    }

    @Override
    public void sent(int bytes) {
        if (metrics != null) {
            metrics.sent(bytes);
        }
    }

    @Override
    public Object requestStarted(McpSession session, McpMethod method, byte[] id, Map<String, Object> params) {
        if (metrics != null) {
            metrics.requestStarted();
        }
        return tracing == null ? null : tracing.start(session, method, id, params);
    }

    @Override
    public void requestEnded(McpSession session, McpMethod method, Object observation, long nanos, int errorCode,
            boolean cancelled) {
        if (metrics != null) {
            metrics.requestEnded(method, nanos, Outcome.of(errorCode, cancelled));
        }
        if (observation != null) {
            RequestTracing.end(observation, errorCode, cancelled);
        }
    }

    @Override
    public void rejected(McpSession session, McpMethod method, int errorCode) {
        if (metrics != null) {
            metrics.rejected(method, Outcome.of(errorCode, false));
        }
    }

    @Override
    public void responseRefused(McpSession session, McpMethod method, String reason) {
        if (metrics != null) {
            metrics.responseRefused(reason);
        }
    }

    @Override
    public String traceId(Object observation) {
        return RequestTracing.traceId(observation);
    }
}
