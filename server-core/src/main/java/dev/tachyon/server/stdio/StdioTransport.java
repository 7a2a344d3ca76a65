package dev.tachyon.server.stdio;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.ndjson.InputEnded;
import dev.tachyon.server.connection.FlushBatching;
import dev.tachyon.server.ndjson.NdjsonSessionHandler;
import dev.tachyon.server.connection.RunningTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over stdin/stdout, for a server spawned by its client: newline-delimited JSON-RPC, the
 * same framing, limits and session handling as TCP.
 *
 * <pre>
 *   stdin --(pump thread)--> LocalChannel ==> [FlushBatching -> NdjsonSessionHandler] -> McpEngine
 *   stdout &lt;--(stdout loop)-- LocalChannel &lt;== answers
 * </pre>
 * The pipeline is the TCP one on an in-process channel pair, so stdio and TCP cannot drift
 * apart. Writes to stdout happen on a loop of their own: a slow reader of our stdout blocks
 * only that loop. When stdin ends, the session answers what it accepted, closes, and
 * {@link #awaitEnd} returns.
 */
public final class StdioTransport implements RunningTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);

    private final EventLoopGroup group;
    private final Channel server;
    private final Channel client;
    private final CountDownLatch ended = new CountDownLatch(1);

    private StdioTransport(EventLoopGroup group, Channel server, Channel client) {
        this.group = group;
        this.server = server;
        this.client = client;
        client.closeFuture().addListener(f -> ended.countDown());
    }

    /** Starts serving one session on {@code in}/{@code out}; a thread pumps {@code in} until it ends. */
    public static StdioTransport start(McpEngine engine, InputStream in, OutputStream out, int maxFrameBytes)
            throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("tachyon-stdio", true),
                LocalIoHandler.newFactory());
        LocalAddress address = new LocalAddress("tachyon-stdio-" + System.nanoTime());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(LocalServerChannel.class)
                .childOption(ChannelOption.ALLOCATOR, Allocators.shared())
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new FlushBatching()); // one flush per read batch or loop turn, as on TCP
                        ch.pipeline().addLast(new NdjsonSessionHandler(engine, TransportKind.STDIO, maxFrameBytes));
                    }
                })
                .bind(address).sync().channel();
        Channel client = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .option(ChannelOption.ALLOCATOR, Allocators.shared())
                .handler(new StdoutWriter(out))
                .connect(address).sync().channel();
        StdioTransport transport = new StdioTransport(group, server, client);
        Thread pump = new Thread(() -> transport.pump(in), "tachyon-stdin");
        pump.setDaemon(true);
        pump.start();
        return transport;
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (n == 0) {
                    continue;
                }
                ByteBuf buf = client.alloc().buffer(n);
                buf.writeBytes(chunk, 0, n);
                // Wait for the write so a fast producer cannot queue unbounded input in memory.
                client.writeAndFlush(buf).sync();
            }
        } catch (IOException e) {
            LOG.debug("stdin failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("stdio channel closed: {}", e.toString());
        } finally {
            // Let the session answer what it accepted; it closes the channel pair when done.
            client.writeAndFlush(InputEnded.INSTANCE);
        }
    }

    /** Waits until stdin has ended and the session closed; false on timeout. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Nothing to stop: stdio serves the one client that spawned it until its input ends. */
    @Override
    public void stopAccepting() {
    }

    @Override
    public void close() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Copies every answer to stdout, in order. */
    private static final class StdoutWriter extends SimpleChannelInboundHandler<ByteBuf> {
        private final OutputStream out;

        StdoutWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws IOException {
            msg.readBytes(out, msg.readableBytes());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws IOException {
            out.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("stdout failed: {}", cause.toString());
            ctx.close();
        }
    }
}
