package dev.tachyon.server.connection;

import dev.tachyon.bufferpool.Allocators;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every network transport shares: epoll where the native transport loads,
 * NIO otherwise. One acceptor thread; {@code ioThreads} loops for connections. A server with no
 * socket to serve (stdio alone) gets {@link #withoutSockets() loops that only run timers}.
 */
public final class EventLoops implements AutoCloseable {

    /** Reads of 64 bytes to 64 KiB, sized by what came before; one per connection per loop turn. */
    private static final RecvByteBufAllocator FAIR_READS = new AdaptiveRecvByteBufAllocator(64, 2048, 64 * 1024)
            .maxMessagesPerRead(1);

    private final boolean epoll;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;

    /**
     * @param ioThreads event-loop threads for connections (0: one per core)
     * @param preferNative use epoll when available
     */
    public EventLoops(int ioThreads, boolean preferNative) {
        this.epoll = preferNative && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tachyon-accept", true), factory);
        this.io = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("tachyon-io", true), factory);
    }

    private EventLoops(IoHandlerFactory factory) {
        this.epoll = false;
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tachyon-accept", true), factory);
        this.io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tachyon-io", true), factory);
    }

    /**
     * One loop each for a server that binds no socket (stdio alone), where they only run the
     * memory sampler and the task sweeper: in-process loops, which open no selector. A NIO
     * loop's first selector asks {@code SelectorProvider} for its provider, a service lookup
     * over every jar of the class path (tens of milliseconds of a stdio cold start, on the
     * thread that starts the server). {@link #serverBootstrap()} is not for these loops.
     */
    public static EventLoops withoutSockets() {
        return new EventLoops(LocalIoHandler.newFactory());
    }

    /** Whether the native epoll transport is in use. */
    public boolean isEpoll() {
        return epoll;
    }

    public EventLoopGroup acceptor() {
        return acceptor;
    }

    public EventLoopGroup io() {
        return io;
    }

    /**
     * A server bootstrap on these loops with the options every network transport shares:
     * a deep accept backlog, TCP_NODELAY, the shared pooled allocator, and write-buffer
     * watermarks (64 KiB low, 256 KiB high) so a client that stops reading pauses its reads,
     * and one read (of up to 64 KiB) per connection per turn of its event loop.
     *
     * <p>That last one is fairness: with Netty's default of 16 reads a turn, a client pipelining
     * at full speed hands its loop up to 1 MiB of requests (some 10,000 pings) before the
     * loop's other connections are read, so their clients wait for all of it. With one read a
     * turn, a well-behaved client waits for at most one 64 KiB read per busy connection on its loop.
     */
    public ServerBootstrap serverBootstrap() {
        return new ServerBootstrap()
                .group(acceptor, io)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, Allocators.shared())
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, FAIR_READS)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    }

    /** The server channel class matching the loops. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Override
    public void close() {
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
