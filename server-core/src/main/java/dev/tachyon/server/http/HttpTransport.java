package dev.tachyon.server.http;

import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.transport.ConnectionBudgets;
import dev.tachyon.server.transport.ConnectionLimit;
import dev.tachyon.server.transport.EventLoops;
import dev.tachyon.server.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * MCP over Streamable HTTP (2025-11-25): one endpoint ({@code /mcp}) taking POST, GET and
 * DELETE, answering with JSON or Server-Sent Events.
 *
 * <pre>
 *   socket -> connection gate (global cap: 503) -> HttpServerCodec -> BoundedAggregator (max body: 413) -> HttpConnection
 *          -> McpEndpoint (rules) -> HttpSession (on the session's loop) -> McpEngine
 * </pre>
 *
 * <p>Sessions are created by {@code initialize}, named by {@code Mcp-Session-Id}, pinned to an
 * event loop, ended by DELETE or after the configured idle time.
 */
public final class HttpTransport implements Transport {

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
     * {@code budgets} bounds what each connection holds (queued requests, unread answers).
     */
    public static HttpTransport bind(EventLoops loops, McpEngine engine, HttpSettings settings,
            ConnectionLimit connections, ConnectionBudgets budgets) throws InterruptedException {
        ChannelHandler gate = connections.gate(HttpRefusal.INSTANCE, "http");
        HttpSessions sessions = new HttpSessions(engine, settings);
        McpEndpoint endpoint = new McpEndpoint(settings, sessions, engine.settings().maxJsonDepth());
        ServerBootstrap bootstrap = loops.serverBootstrap()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("limit", gate);
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("aggregator", new BoundedAggregator(settings.maxBodyBytes(), engine.memory()));
                        ch.pipeline().addLast("cors", BrowserAccess.handler());
                        ch.pipeline().addLast("mcp", new HttpConnection(endpoint, settings.maxPipelinedRequests(), budgets));
                    }
                });
        Channel channel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        long period = sweepPeriodMillis(settings);
        ScheduledFuture<?> sweep = loops.acceptor().next()
                .scheduleWithFixedDelay(sessions::sweep, period, period, TimeUnit.MILLISECONDS);
        return new HttpTransport(channel, sessions, sweep);
    }

    /** A quarter of the idle timeout, between 10 ms and 30 s. */
    private static long sweepPeriodMillis(HttpSettings settings) {
        long quarter = settings.sessionIdleTimeout().toMillis() / 4;
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
