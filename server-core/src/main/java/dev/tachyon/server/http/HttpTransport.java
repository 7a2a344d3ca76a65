package dev.tachyon.server.http;

import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.ConnectionSettings;
import dev.tachyon.server.connection.EventLoops;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.connection.RunningTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * MCP over Streamable HTTP (2025-11-25): one endpoint ({@code /mcp}) taking POST, GET and
 * DELETE, answering with JSON or Server-Sent Events.
 *
 * <pre>
 *   socket -> connection gate (caps: 503) -> IdleStateHandler (idle) -> HttpCodec (strict HTTP/1.1, max headers: 431)
 *          -> HttpTimeouts (header, body, idle, write stall) -> BoundedAggregator (max body: 413)
 *          -> BrowserAccess (CORS preflight) -> HttpConnection (framing errors: 4xx + close)
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

    private final Channel serverChannel;
    private final HttpSessions sessions;
    private final ScheduledFuture<?> sweep;

    private HttpTransport(Channel serverChannel, HttpSessions sessions, ScheduledFuture<?> sweep) {
        this.serverChannel = serverChannel;
        this.sessions = sessions;
        this.sweep = sweep;
    }

    /**
     * Binds {@code settings.host():settings.port()} and starts accepting; {@code connections} is
     * the cap this transport shares with the others (a connection over it is answered 503);
     * {@code budgets} bounds what each connection holds (queued requests, unread answers);
     * {@code limits} gives the idle and write-stall timeouts every network transport shares.
     */
    public static HttpTransport bind(EventLoops loops, McpEngine engine, HttpSettings settings,
            ConnectionSettings limits, ConnectionLimit connections, ConnectionBudgets budgets)
            throws InterruptedException {
        ChannelHandler gate = connections.gate(HttpRefusal.INSTANCE, "http");
        HttpSessions sessions = new HttpSessions(engine, settings);
        McpEndpoint endpoint = new McpEndpoint(settings, sessions);
        long idleNanos = limits.idleTimeout().toNanos();
        long headerNanos = settings.headerTimeout().toNanos();
        long bodyNanos = settings.bodyTimeout().toNanos();
        long stallNanos = limits.writeStallTimeout().toNanos();
        ServerBootstrap bootstrap = loops.serverBootstrap()
                // A client that half-closes (shutdown(SHUT_WR)) still gets its answers, then the close.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpCodec codec = new HttpCodec(settings.maxHeaderBytes());
                        HttpConnection connection = new HttpConnection(endpoint, settings.maxPipelinedRequests(), budgets);
                        ch.pipeline().addLast("limit", gate);
                        ch.pipeline().addLast("idle", new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS));
                        ch.pipeline().addLast("http", codec);
                        ch.pipeline().addLast("timeouts", new HttpTimeouts(codec, connection::responding, headerNanos,
                                bodyNanos, stallNanos, budgets.closes()));
                        ch.pipeline().addLast("aggregator", new BoundedAggregator(settings.maxBodyBytes(), engine.memory()));
                        ch.pipeline().addLast("cors", BrowserAccess.handler());
                        ch.pipeline().addLast("mcp", connection);
                    }
                });
        Channel channel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        long period = sweepPeriodMillis(settings);
        ScheduledFuture<?> sweep = loops.acceptor().next()
                .scheduleWithFixedDelay(sessions::sweep, period, period, TimeUnit.MILLISECONDS);
        return new HttpTransport(channel, sessions, sweep);
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
    }

    @Override
    public void stopAccepting() {
        sweep.cancel(false);
        serverChannel.close().syncUninterruptibly();
    }
}
