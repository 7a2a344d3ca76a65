package dev.tachyon.server.admin;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.connection.ClientAddress;
import dev.tachyon.server.http.HostAllowList;
import dev.tachyon.server.observability.Observability;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes admin requests: {@code GET} or {@code HEAD} of {@code /health}, {@code /ready},
 * {@code /metrics}, {@code /memory[?gc=1]}, and {@code /} (the list of endpoints). Other paths are 404, other methods
 * 405; a {@code Host} or {@code Origin} outside the allow-list 403 (and the connection closes). Every answer is complete ({@code Content-Length}), never cached, and keeps the
 * connection open when the client asked to.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final String JSON = "application/json";
    private static final Map<String, String> ENDPOINTS = endpoints();

    private final Health health;
    private final Observability observability;
    private final HostAllowList hosts;
    private final boolean allowGc;
    private final java.time.Duration gcMinInterval;
    /** When {@code /memory?gc=1} last collected; touched only on the admin loop (one thread). */
    private long lastGcNanos;
    private boolean collected;

    AdminHandler(Health health, Observability observability, HostAllowList hosts, boolean allowGc,
            java.time.Duration gcMinInterval) {
        this.health = health;
        this.observability = observability;
        this.hosts = hosts;
        this.allowGc = allowGc;
        this.gcMinInterval = gcMinInterval;
    }

    private static Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("/health", "health as JSON; 200 when ok, 503 when starting, draining or short of memory");
        endpoints.put("/ready", "200 while serving, 503 while starting or draining");
        endpoints.put("/metrics", "the meters, in the format the host chose (bin/tachyon: Prometheus); 404 without one");
        endpoints.put("/memory", "heap and direct memory in use, sessions, connections; ?gc=1 after a full GC"
                + " (pauses the server; only with tachyon.admin.allow-gc)");
        return endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        AdminTimeouts timeouts = ctx.pipeline().get(AdminTimeouts.class);
        if (timeouts != null) {
            timeouts.requestRead();
        }
        if (!request.decoderResult().isSuccess()) {
            json(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", "malformed HTTP request"), false);
            return;
        }
        if (!hosts.allows(request.headers())) {
            // A page on another origin (DNS rebinding) must not read load, tool names or memory.
            json(ctx, request, HttpResponseStatus.FORBIDDEN,
                    Map.of("error", "Host or Origin not allowed (see tachyon.admin.allowed-hosts)"), false);
            return;
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse response = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, JSON,
                    body(ctx, Map.of("error", "only GET and HEAD")));
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, request, response, true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        switch (uri.path()) {
            case "/health": {
                Map<String, Object> report = health.report();
                boolean ok = Health.OK.equals(report.get("status"));
                json(ctx, request, ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, report, true);
                break;
            }
            case "/ready":
                json(ctx, request, health.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        health.readiness(), true);
                break;
            case "/metrics":
                metrics(ctx, request);
                break;
            case "/memory": {
                List<String> gc = uri.parameters().getOrDefault("gc", List.of());
                memory(ctx, request, !gc.isEmpty() && !"0".equals(gc.get(0)) && !"false".equals(gc.get(0)));
                break;
            }
            case "/":
                json(ctx, request, HttpResponseStatus.OK, Map.of("endpoints", ENDPOINTS), true);
                break;
            default:
                json(ctx, request, HttpResponseStatus.NOT_FOUND,
                        Map.of("error", "no such endpoint", "endpoints", List.copyOf(ENDPOINTS.keySet())), true);
        }
    }

    /**
     * {@code /memory}; with {@code gc}, only when {@code admin.allow-gc} is on (403 otherwise)
     * and at most once per {@link AdminSettings#gcMinInterval()} (429 with {@code Retry-After}
     * otherwise): each collection pauses the whole server.
     */
    private void memory(ChannelHandlerContext ctx, FullHttpRequest request, boolean gc) {
        if (gc && !allowGc) {
            json(ctx, request, HttpResponseStatus.FORBIDDEN,
                    Map.of("error", "/memory?gc=1 is off (tachyon.admin.allow-gc = false)"), true);
            return;
        }
        if (gc) {
            long now = System.nanoTime();
            long wait = gcMinInterval.toNanos() - (now - lastGcNanos);
            if (collected && wait > 0) {
                FullHttpResponse response = response(request, HttpResponseStatus.TOO_MANY_REQUESTS, JSON,
                        body(ctx, Map.of("error", "one collection per " + gcMinInterval.toMillis() + " ms")));
                response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (wait + 999_999_999) / 1_000_000_000));
                send(ctx, request, response, true);
                return;
            }
            collected = true;
            lastGcNanos = now;
        }
        json(ctx, request, HttpResponseStatus.OK, health.memoryReport(gc), true);
    }

    private void metrics(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!observability.canScrape()) {
            // An embedder that passed no MetricsScrape exposes its registry its own way.
            json(ctx, request, HttpResponseStatus.NOT_FOUND,
                    Map.of("error", "no metrics format: the host application exposes its own registry"), true);
            return;
        }
        ByteBuf body = ctx.alloc().buffer(64 * 1024);
        String type;
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            type = observability.scrape(out, request.headers().get(HttpHeaderNames.ACCEPT));
        } catch (IOException | RuntimeException e) {
            body.release();
            LOG.warn("scrape failed", e);
            json(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", String.valueOf(e)), true);
            return;
        }
        send(ctx, request, response(request, HttpResponseStatus.OK, type, body), true);
    }

    private static void json(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            Map<String, ?> doc, boolean keepAlive) {
        send(ctx, request, response(request, status, JSON, body(ctx, doc)), keepAlive);
    }

    private static ByteBuf body(ChannelHandlerContext ctx, Map<String, ?> doc) {
        ByteBuf body = ctx.alloc().buffer(1024);
        boolean ok = false;
        try {
            JsonOut.value(body, doc);
            body.writeByte('\n');
            ok = true;
            return body;
        } finally {
            if (!ok) {
                body.release();
            }
        }
    }

    /** A complete response; for HEAD, the body's length without the body. */
    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String type,
            ByteBuf body) {
        int length = body.readableBytes();
        ByteBuf content = body;
        if (HttpMethod.HEAD.equals(request.method())) {
            body.release();
            content = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
            boolean keepAlive) {
        if (keepAlive && HttpUtil.isKeepAlive(request)) {
            if (!request.protocolVersion().isKeepAliveDefault()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {} closed after {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }
}
