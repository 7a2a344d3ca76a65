package dev.tachyon.server.http;

import dev.tachyon.server.auth.Authenticator;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.ConnectionPipeline;
import dev.tachyon.server.connection.ConnectionSettings;
import dev.tachyon.server.connection.EventLoops;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.connection.RunningTransport;
import dev.tachyon.server.connection.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * MCP over Streamable HTTP (2025-11-25): one endpoint ({@code /mcp}) taking POST, GET and
 * DELETE, answering with JSON or Server-Sent Events.
 *
 * <pre>
 *   socket -> ConnectionPipeline (gate (caps: 503), TLS when configured (ALPN http/1.1), idle, write stall, flush batching)
 *          -> HttpCodec (strict HTTP/1.1, max headers: 431)
 *          -> HttpTimeouts (header, body) -> BoundedAggregator (limits.max-frame-bytes: 413)
 *          -> [BrowserAccess (CORS preflight; joins with a connection's first Origin)]
 *          -> HttpConnection (framing errors: 4xx + close)
 *          -> McpEndpoint (rules, session caps: 503) -> HttpSession (on the session's loop) -> McpEngine
 * </pre>
 *
 * <p>Sessions are created by {@code initialize}, named by {@code Mcp-Session-Id}, pinned to an
 * event loop, ended by DELETE or after the configured idle time (a shorter one for a session
 * that got no request after its initialize); {@link #sessionLimit()} bounds how many there are.
 *
 * <p>A client that half-closes its connection still gets the answers to what it sent (then the
 * connection closes), as over TCP.
 */
public final class HttpTransport implements RunningTransport {

    /** What the listener advertises over ALPN: HTTP/1.1 only (no h2). */
    public static final java.util.List<String> ALPN = java.util.List.of("http/1.1");

    private final Channel serverChannel;
    private final McpEndpoint endpoint;
    private final HttpSessions sessions;
    private final ScheduledFuture<?> sweep;
    private final Authenticator auth;

    private HttpTransport(Channel serverChannel, McpEndpoint endpoint, HttpSessions sessions, ScheduledFuture<?> sweep,
            Authenticator auth) {
        this.serverChannel = serverChannel;
        this.endpoint = endpoint;
        this.sessions = sessions;
        this.sweep = sweep;
        this.auth = auth;
    }

    /** The resource server's authenticator, or null when the endpoint takes no tokens. */
    public Authenticator authenticator() {
        return auth;
    }

    /**
     * Binds {@code settings.host():settings.port()} and starts accepting; {@code connections} is
     * the cap this transport shares with the others (a connection over it is answered 503);
     * {@code budgets} bounds what each connection holds (queued requests, unread answers);
     * {@code limits} gives what every network transport shares through its {@link ConnectionPipeline}:
     * the idle and write-stall timeouts and the body limit ({@code limits.max-frame-bytes});
     * {@code tls} is null for plaintext (make it with {@link #ALPN} to advertise HTTP/1.1); with
     * {@code proxyProtocol} ({@code http.proxy-protocol}) every connection starts with a PROXY
     * protocol header naming its client, whose address the session caps then count.
     */
    public static HttpTransport bind(EventLoops loops, McpEngine engine, HttpSettings settings,
            ConnectionSettings limits, ConnectionLimit connections, ConnectionBudgets budgets,
            ServerTls tls, boolean proxyProtocol) throws InterruptedException {
        return bind(loops, engine, settings, limits, connections, budgets, tls, proxyProtocol, null);
    }

    /**
     * As {@link #bind(EventLoops, McpEngine, HttpSettings, ConnectionSettings, ConnectionLimit,
     * ConnectionBudgets, ServerTls, boolean)}, as an OAuth 2.1 resource server when {@code auth}
     * is not null (see {@link AuthGate}): the transport owns the authenticator from then on and
     * closes it with itself.
     */
    public static HttpTransport bind(EventLoops loops, McpEngine engine, HttpSettings settings,
            ConnectionSettings limits, ConnectionLimit connections, ConnectionBudgets budgets,
            ServerTls tls, boolean proxyProtocol, Authenticator auth) throws InterruptedException {
        ConnectionPipeline pipeline = ConnectionPipeline.of("http", limits, connections, HttpRefusal.INSTANCE, budgets,
                tls, proxyProtocol);
        HttpSessions sessions = new HttpSessions(engine, settings);
        McpEndpoint endpoint = new McpEndpoint(settings, sessions, auth == null ? null : new AuthGate(auth));
        long headerNanos = settings.headerTimeout().toNanos();
        long bodyNanos = settings.bodyTimeout().toNanos();
        ServerBootstrap bootstrap = loops.serverBootstrap()
                // A client that half-closes (shutdown(SHUT_WR)) still gets its answers, then the close.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline.install(ch, (p, maxBodyBytes) -> {
                            HttpCodec codec = new HttpCodec(settings.maxHeaderBytes());
                            HttpConnection connection = new HttpConnection(endpoint, settings.maxPipelinedRequests(),
                                    maxBodyBytes, budgets, settings.sseKeepaliveInterval().toNanos(),
                                    settings.compression());
                            HttpTimeouts timeouts = new HttpTimeouts(codec, connection::responding, headerNanos,
                                    bodyNanos, budgets.closes());
                            p.addLast("http", codec);
                            p.addLast("timeouts", timeouts);
                            p.addLast("aggregator", new BoundedAggregator(maxBodyBytes, engine.memory()));
                            p.addLast("mcp", connection);
                            return timeouts;
                        });
                    }
                });
        Channel channel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        long period = sweepPeriodMillis(settings);
        ScheduledFuture<?> sweep = loops.acceptor().next()
                .scheduleWithFixedDelay(sessions::sweep, period, period, TimeUnit.MILLISECONDS);
        return new HttpTransport(channel, endpoint, sessions, sweep, auth);
    }

    /** A quarter of the shorter session timeout, between 10 ms and 30 s. */
    private static long sweepPeriodMillis(HttpSettings settings) {
        long quarter = settings.unusedSessionTimeout().toMillis() / 4;
        return Math.max(10, Math.min(30_000, quarter));
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Ends every session's GET stream after a {@code retry:} field (a drain); the sessions stay. */
    public void endStandaloneStreams() {
        sessions.endStandaloneStreams();
    }

    /** How many sessions are open. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The caps on sessions, with their counts (open, refused). */
    public SessionLimit sessionLimit() {
        return sessions.limit();
    }

    /** Bytes the sessions' event logs hold now, every session together. */
    public long eventLogBytes() {
        return sessions.eventLogBytes();
    }

    /** SSE events dropped from (or never kept in) the sessions' event logs since start, for their bounds. */
    public long eventLogEvictions() {
        return sessions.eventLogEvictions();
    }

    /** Stops accepting and ends every session (their streams end, their kept events are released). */
    @Override
    public void close() {
        stopAccepting();
        sessions.closeAll(2_000);
        if (auth != null) {
            auth.close();
        }
    }

    @Override
    public void stopAccepting() {
        endpoint.stopAccepting();
        sweep.cancel(false);
        serverChannel.close().syncUninterruptibly();
    }
}
