package dev.tachyon.server.http;

import dev.tachyon.server.auth.LastToken;
import dev.tachyon.api.Principal;
import dev.tachyon.server.connection.ClientAddress;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.Linger;
import dev.tachyon.server.connection.TlsHandshake;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: answers its requests one at a time, in order, so pipelined requests
 * get their responses in the order they were sent (requests that arrive while one is being
 * answered wait in a bounded queue; reading pauses when it is full, when the bodies it holds
 * reach the connection's memory budget, or when the peer is not reading).
 *
 * <p>A request whose framing cannot be trusted ({@link RequestFraming}) is answered in its turn
 * with {@code Connection: close}, then the connection closes; nothing after it is read.
 *
 * <p>A client that half-closes (sends its requests, then ends its side) gets the answers of the
 * requests it sent, then the connection closes. A GET stream, or any response already streaming
 * when the input ends (an SSE stream may have no end of its own, and a client that is gone
 * would not be noticed until something is written), is ended by that close, as when the client
 * closes altogether: a stateful client resumes it with {@code Last-Event-ID}.
 *
 * <p>A response may be written from any thread (the session's event loop answers requests of
 * connections on other loops): {@link #submit} carries each write over to this connection's
 * loop. Writes are flushed once per read batch, or once per event-loop turn for writes that
 * arrive from elsewhere, by the pipeline's {@link dev.tachyon.server.connection.FlushBatching}.
 * An SSE response that stays quiet gets keep-alive comments ({@link SseKeepAlive}).
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    private final McpEndpoint endpoint;
    private final int maxQueued;
    private final int maxBodyBytes;
    /**
     * The connection's memory budget: the most the queued request bodies may hold before reading
     * pauses, and the most a peer may leave unread beyond the write-buffer high-water mark before
     * an SSE response is cut off (its events are kept in its session's log, so a client that
     * catches up later resumes with Last-Event-ID instead of the server buffering without bound).
     */
    private final ConnectionBudgets budgets;
    private long queuedBytes;
    /**
     * Requests waiting for their turn: {@link FullHttpRequest}s, {@link BoundedAggregator.TooLarge}s,
     * and at most one {@link RequestFraming.Rejection}, always last.
     */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private EventLoop loop;
    private HttpResponder current;
    private StatelessHttp stateless;
    /** The bearer token of this connection's last authenticated request; made on first use. */
    private LastToken lastToken;
    private boolean draining;
    private boolean inactive;
    /** A rejected request is queued: nothing read after it is served. */
    private boolean rejecting;
    /** The client ended its side: close once the requests it sent are answered. */
    private boolean inputEnded;
    /** The current response is an SSE stream already under way. */
    private boolean streaming;
    /** The current request is a GET: its SSE stream has no end of its own. */
    private boolean endless;
    private final long keepAliveNanos;
    /** How this endpoint compresses JSON bodies for requests that accept it. */
    private final HttpCompression compression;
    private SseKeepAlive keepAlive;
    /** The last {@code Host} the endpoint found allowed on this connection, without an {@code Origin}; null: none yet. */
    String allowedHost;
    /** The last single {@code Accept} value that listed both JSON and SSE on this connection; null: none yet. */
    String acceptedAccept;
    /** Whether the CORS handler is in the pipeline: installed with the first request with an {@code Origin}. */
    private boolean browserAccess;

    /**
     * @param maxBodyBytes   the body limit the aggregator enforces, for the 413 message
     * @param keepAliveNanos how long an SSE response may write nothing before a keep-alive comment; 0: never
     * @param compression    how JSON bodies are compressed for requests that accept it
     */
    HttpConnection(McpEndpoint endpoint, int maxQueued, int maxBodyBytes, ConnectionBudgets budgets,
            long keepAliveNanos, HttpCompression compression) {
        this.endpoint = endpoint;
        this.compression = compression;
        this.keepAliveNanos = keepAliveNanos;
        this.maxQueued = maxQueued;
        this.maxBodyBytes = maxBodyBytes;
        this.budgets = budgets;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.loop = context.channel().eventLoop();
        this.keepAlive = new SseKeepAlive(context, keepAliveNanos);
    }

    /** The connection's event loop: where a session created by one of its requests lives. */
    EventLoop eventLoop() {
        return loop;
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** Where this connection's stateless (2026-07-28) requests go; made on first use. */
    StatelessHttp stateless(dev.tachyon.server.engine.McpEngine engine) {
        if (stateless == null) {
            stateless = new StatelessHttp(this, engine);
        }
        return stateless;
    }

    /** The bearer token this connection presented last, for {@link AuthGate}; made on first use. */
    LastToken lastToken() {
        if (lastToken == null) {
            lastToken = new LastToken();
        }
        return lastToken;
    }

    void close() {
        ctx.close();
    }

    /** Whether the connection is still open (a request waiting for its token may outlive it). */
    boolean active() {
        return !inactive && ctx.channel().isActive();
    }

    /** The client's address (the one a PROXY protocol header named, behind a balancer), or null when the channel has none. */
    InetAddress clientAddress() {
        return ClientAddress.addressOf(ctx.channel());
    }

    /**
     * Who the connection authenticated: the client certificate's subject under mutual TLS, else
     * anonymous. A bearer token, when the request carries one, names the principal instead.
     */
    Principal certificatePrincipal() {
        return TlsHandshake.principal(ctx.channel());
    }

    /** Whether a response is under way or requests are waiting for theirs (the connection is not idle). */
    boolean responding() {
        return current != null || !queue.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest || msg instanceof BoundedAggregator.TooLarge) || inactive || rejecting) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FullHttpRequest) {
            if (!browserAccess && ((FullHttpRequest) msg).headers().contains(HttpHeaderNames.ORIGIN)) {
                browserAccess = true;
                BrowserAccess.install(context, (FullHttpRequest) msg); // reads it again through CORS
                return;
            }
            RequestFraming.Rejection rejection = RequestFraming.check((FullHttpRequest) msg);
            if (rejection != null) {
                ReferenceCountUtil.release(msg);
                rejecting = true; // the connection ends with its answer; what follows is not read
                queue.add(rejection);
                drain();
                return;
            }
        }
        queue.add(msg);
        queuedBytes += bodyBytes(msg);
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        updateAutoRead();
        super.channelWritabilityChanged(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        inactive = true;
        keepAlive.stop();
        for (Object r; (r = queue.poll()) != null; ) {
            ReferenceCountUtil.release(r);
        }
        HttpResponder unfinished = current;
        current = null;
        if (unfinished != null) {
            unfinished.lose();
        }
        if (stateless != null) {
            stateless.connectionClosed();
        }
        super.channelInactive(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
            if (streaming || endless || !responding()) {
                closeAfterWrites();
            }
        }
        super.userEventTriggered(context, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("closing {} (client {}) after {}", context.channel(), ClientAddress.of(context.channel()),
                cause.toString());
        context.close();
    }

    /** Answers queued requests until one is left waiting for its response. */
    private void drain() {
        if (draining) {
            return; // a response finished while a request was being routed: the loop below goes on
        }
        draining = true;
        try {
            while (current == null && !inactive) {
                Object next = queue.poll();
                if (next == null) {
                    break;
                }
                queuedBytes -= bodyBytes(next);
                if (next instanceof RequestFraming.Rejection) {
                    RequestFraming.Rejection rejection = (RequestFraming.Rejection) next;
                    budgets.closes().closed(rejection.reason());
                    current = new HttpResponder(this, false);
                    current.error(rejection.status(), rejection.message());
                    continue;
                }
                if (next instanceof BoundedAggregator.TooLarge && ((BoundedAggregator.TooLarge) next).memory()) {
                    current = new HttpResponder(this, ((BoundedAggregator.TooLarge) next).keepAlive());
                    // Refused before its body was aggregated and decoded: its tree would not fit.
                    current.error(HttpResponseStatus.SERVICE_UNAVAILABLE, dev.tachyon.codec.ErrorCodes.OVERLOADED,
                            "Server overloaded: memory is nearly full", java.util.Map.of("reason", "memory", "retryAfterMs", 500),
                            io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, "1");
                    continue;
                }
                if (next instanceof BoundedAggregator.TooLarge) {
                    current = new HttpResponder(this, ((BoundedAggregator.TooLarge) next).keepAlive());
                    current.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Payload Too Large: the body is over "
                            + maxBodyBytes + " bytes");
                    continue;
                }
                FullHttpRequest request = (FullHttpRequest) next;
                RequestHeaders headers = RequestHeaders.of(request);
                current = new HttpResponder(this, headers.keepAlive(request), compression, headers.acceptEncoding(),
                        headers.origin() != null, request.protocolVersion() == HttpVersion.HTTP_1_1);
                endless = HttpMethod.GET.equals(request.method());
                endpoint.handle(this, request, headers, current);
            }
        } finally {
            draining = false;
        }
        updateAutoRead();
    }

    private void updateAutoRead() {
        if (rejecting) {
            setAutoRead(true); // read and discard until the client closes (see Linger)
        } else if (!inactive) {
            setAutoRead(queue.size() < maxQueued && queuedBytes < budgets.limit() && ctx.channel().isWritable());
        }
    }

    private void setAutoRead(boolean value) {
        // Set (an atomic swap in Netty) only when it changes: per request it almost never does.
        io.netty.channel.ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != value) {
            config.setAutoRead(value);
        }
    }

    private static long bodyBytes(Object request) {
        return request instanceof FullHttpRequest ? ((FullHttpRequest) request).content().readableBytes() : 0;
    }

    /**
     * Writes {@code msg} (an {@link HttpObject}, or a {@link WholeJson}, which is always last) as
     * part of {@code responder}'s response, from any thread.
     */
    void submit(HttpResponder responder, Object msg, boolean last) {
        if (loop.inEventLoop()) {
            write(responder, msg, last);
            return;
        }
        try {
            loop.execute(() -> write(responder, msg, last));
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.release(msg); // shutting down: the connection is going away
        }
    }

    private void write(HttpResponder responder, Object msg, boolean last) {
        if (responder.ended || responder != current || !ctx.channel().isActive()) {
            ReferenceCountUtil.release(msg); // the connection closed, or the response was already ended
            return;
        }
        if (msg instanceof WholeJson) {
            try {
                msg = ((WholeJson) msg).encode(ctx.alloc(), responder.keepAlive() && !lastBeforeClose());
            } catch (OutOfMemoryError | RuntimeException e) { // no direct memory for the answer: as a failed write
                LOG.debug("closing {} (client {}): the answer could not be written: {}", ctx.channel(),
                        ClientAddress.of(ctx.channel()), e.toString());
                ctx.close();
                return;
            }
        }
        if (msg instanceof HttpResponse) {
            // A JSON answer in chunks is not an SSE stream: no keep-alive comments, and a client's
            // half-close waits for its end like a whole answer's.
            streaming = !last && !(msg instanceof HttpResponder.ChunkedJsonHead);
            if (streaming) {
                keepAlive.started();
            }
            HttpUtil.setKeepAlive((HttpResponse) msg, responder.keepAlive() && !lastBeforeClose());
            if (msg instanceof FullHttpResponse) {
                HttpUtil.setContentLength((HttpResponse) msg, ((FullHttpResponse) msg).content().readableBytes());
            }
        }
        if (!last) {
            keepAlive.wrote();
            ctx.write(msg, ctx.voidPromise());
            // FlushBatching flushes at once when over the high-water mark: then see what is left.
            ctx.flush();
            if (ctx.channel().bytesBeforeWritable() > budgets.limit()) { // 0 while writable
                LOG.debug("closing {} (client {}): the peer leaves more than {} bytes unread", ctx.channel(),
                        ClientAddress.of(ctx.channel()), budgets.limit());
                // Its later parts are dropped, so the close is counted once even where the
                // channel stays active until the cancelled write completes (io_uring).
                responder.ended = true;
                budgets.closed();
                ctx.close();
            }
            return;
        }
        responder.ended = true;
        current = null;
        streaming = false;
        keepAlive.stop();
        endless = false;
        if (!responder.keepAlive() || lastBeforeClose()) {
            ChannelFuture written = ctx.writeAndFlush(msg);
            if (inputEnded) {
                written.addListener(ChannelFutureListener.CLOSE); // the client's side is closed already
            } else {
                // Half-close and keep reading until the client closes, so that the answer is not lost to a reset.
                Linger.closeAfter(ctx, written);
            }
            return;
        }
        ctx.write(msg, ctx.voidPromise());
        ctx.flush(); // batched: one socket flush per read batch or event-loop turn (FlushBatching)
        drain();
    }

    /**
     * Cuts {@code responder}'s answer short, from any thread: the connection closes once what was
     * written of it is flushed; it answers nothing more (see {@link HttpResponder#abort}).
     */
    void abort(HttpResponder responder) {
        Runnable cut = () -> {
            if (responder.ended || responder != current || !ctx.channel().isActive()) {
                return;
            }
            responder.ended = true; // current stays: nothing queued behind it is answered
            closeAfterWrites();
        };
        if (loop.inEventLoop()) {
            cut.run();
            return;
        }
        try {
            loop.execute(cut);
        } catch (RejectedExecutionException e) {
            // shutting down: the connection is going away
        }
    }

    /**
     * Whether the response being written is the last this connection sends: the client sent
     * nothing more, or the listener stopped accepting (a drain: {@code Connection: close} on the
     * last answer, so a balancer sends its next request to a connection of another instance
     * rather than racing this one's close).
     */
    private boolean lastBeforeClose() {
        return (inputEnded || !endpoint.accepting()) && queue.isEmpty();
    }

    /** Closes once what was written is flushed (the client sends nothing more). */
    private void closeAfterWrites() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
