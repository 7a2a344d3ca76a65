package dev.tachyon.server.admin;

import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.http.HostAllowList;
import dev.tachyon.server.http.HttpRefusal;
import dev.tachyon.server.observability.Observability;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.ConnectionPipeline;
import dev.tachyon.server.connection.ConnectionWork;
import dev.tachyon.server.connection.ServerTls;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint: plain HTTP/1.1 on its own port and its own event loop, so health checks
 * and scrapes are answered even while the protocol loops are saturated.
 *
 * <pre>
 *   GET /health   200 or 503, JSON: status, uptime, connections, sessions, in flight, queue, memory, GC, rates
 *   GET /ready    200 while serving, 503 while starting or draining
 *   GET /metrics  the host's MetricsScrape (bin/tachyon: Prometheus text, or OpenMetrics when asked); else 404
 *   GET /memory   heap, direct memory, sessions, connections; ?gc=1 only with admin.allow-gc
 * </pre>
 * <pre>
 *   socket -> ConnectionPipeline gate (admin.max-connections: 503), TLS when configured -> timeouts (idle, request) -> HttpServerCodec
 *          -> aggregator (8 KiB) -> AdminHandler (Host/Origin allow-list: 403; routes)
 * </pre>
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Admin requests have no body worth having; a bigger one is refused with 413. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup connections;

    private AdminServer(EventLoopGroup group, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.channel = channel;
        this.connections = connections;
    }

    /**
     * Binds {@code host:port} (port 0 picks one) and starts answering.
     *
     * @throws IllegalStateException when the address cannot be bound, naming it
     */
    public static AdminServer bind(String host, int port, Health health, Observability observability)
            throws InterruptedException {
        return bind(host, port, AdminSettings.defaults(), health, observability, null);
    }

    /**
     * Binds {@code host:port} (port 0 picks one) and starts answering, protected as
     * {@code settings} says: requests naming another host in {@code Host} or {@code Origin} are
     * 403 (the allow-list of {@code /mcp}); connections beyond the admin cap get 503 and are closed
     * (the MCP cap is not touched); idle and slow connections are closed. With {@code tls} (null:
     * plaintext) it serves HTTPS, advertising {@code http/1.1} over ALPN as the tls was made.
     *
     * @throws IllegalStateException when the address cannot be bound, naming it
     */
    public static AdminServer bind(String host, int port, AdminSettings settings, Health health,
            Observability observability, ServerTls tls) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tachyon-admin", true),
                NioIoHandler.newFactory());
        // Its own count, with no memory refusal: /health must answer most when memory is short.
        ConnectionLimit limit = new ConnectionLimit(settings.maxConnections(), MemoryPressure.none());
        // The shared pipeline's gate and TLS; the admin endpoint keeps its own
        // timeouts (admin.idle-timeout, admin.request-timeout) and its 8 KiB request limit.
        ConnectionPipeline pipeline = ConnectionPipeline.gateOnly(limit, HttpRefusal.INSTANCE, tls);
        AdminHandler handler = new AdminHandler(health, observability, HostAllowList.of(host, settings.allowedHosts()),
                settings.allowGc(), settings.gcMinInterval());
        if (observability.hasMetrics()) {
            Gauge.builder("tachyon.admin.connections", limit, ConnectionLimit::open)
                    .description("Open connections to the admin endpoint (capped by admin.max-connections)")
                    .register(observability.registry());
            FunctionCounter.builder("tachyon.admin.connections.refused", limit,
                            l -> l.refused(ConnectionLimit.Reason.MAX_CONNECTIONS))
                    .description("Admin connections refused with 503 because admin.max-connections were open")
                    .register(observability.registry());
        }
        // Closed explicitly on close: a loop shutting down does not always close what it accepted.
        ChannelGroup connections = new DefaultChannelGroup("tachyon-admin", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        pipeline.install(ch, (p, unused) -> {
                            p.addLast("timeouts", new AdminTimeouts(settings));
                            p.addLast("http", new HttpServerCodec(4096, 8192, MAX_REQUEST_BYTES));
                            p.addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES));
                            p.addLast("admin", handler);
                            return ConnectionWork.NONE;
                        });
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).await();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " for the admin endpoint: "
                    + bound.cause().getMessage(), bound.cause());
        }
        // One sample a second behind the message rate and the errors of the last minute.
        group.scheduleAtFixedRate(health::sample, 1, 1, TimeUnit.SECONDS);
        AdminServer server = new AdminServer(group, bound.channel(), connections);
        LOG.info("admin endpoint on {}://{}:{} (/health, /ready, /metrics)", tls == null ? "http" : "https",
                server.localAddress().getHostString(), server.localAddress().getPort());
        return server;
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops answering and releases the admin event loop. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
