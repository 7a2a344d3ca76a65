package dev.tachyon.server.tcp;

import dev.tachyon.server.ndjson.NdjsonSessionHandler;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.ConnectionPipeline;
import dev.tachyon.server.connection.ConnectionSettings;
import dev.tachyon.server.connection.EventLoops;
import dev.tachyon.server.connection.RunningTransport;
import dev.tachyon.server.connection.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;

/**
 * MCP over raw TCP: newline-delimited JSON-RPC, one message per line, UTF-8.
 *
 * <pre>
 *   socket -> ConnectionPipeline (gate, PROXY protocol and TLS when configured, idle, write stall, flush batching)
 *          -> NdjsonSessionHandler (lines framed in place, bounded: limits.max-frame-bytes; batched answers, memory budget) -> McpEngine
 * </pre>
 */
public final class TcpTransport implements RunningTransport {

    private final Channel serverChannel;

    private TcpTransport(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts accepting; {@code connections} is the cap this transport shares with the
     * others, {@code budgets} gives each connection its memory budget; {@code tls} is null for
     * plaintext; with {@code proxyProtocol} ({@code tcp.proxy-protocol}) every connection starts
     * with a PROXY protocol header naming its client.
     */
    public static TcpTransport bind(EventLoops loops, McpEngine engine, String host, int port,
            ConnectionSettings settings, ConnectionLimit connections, ConnectionBudgets budgets,
            ServerTls tls, boolean proxyProtocol) throws InterruptedException {
        ConnectionPipeline pipeline = ConnectionPipeline.of("tcp", settings, connections, LineRefusal.INSTANCE, budgets,
                tls, proxyProtocol);
        ServerBootstrap bootstrap = loops.serverBootstrap()
                // A client that half-closes (shutdown(SHUT_WR)) still gets every answer, then the close.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline.install(ch, (p, maxFrameBytes) -> {
                            NdjsonSessionHandler session = new NdjsonSessionHandler(engine, TransportKind.TCP,
                                    maxFrameBytes, budgets.newConnection());
                            p.addLast("session", session); // frames the lines itself
                            return session;
                        });
                    }
                });
        Channel channel = bootstrap.bind(host, port).sync().channel();
        return new TcpTransport(channel);
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting; open connections stay until the event loops shut down. */
    @Override
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** As {@link #stopAccepting()}: connections end with the event loops, after their answers are written. */
    @Override
    public void close() {
        stopAccepting();
    }
}
