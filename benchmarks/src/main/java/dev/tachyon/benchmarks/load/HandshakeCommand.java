package dev.tachyon.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code tachyon-bench handshake}: full TLS handshakes per second. Each of {@code --concurrency}
 * chains opens a connection, does a full handshake (no session resumption), then over
 * {@code tls://} sends one {@code ping} and waits for its answer (so the server surely finished
 * its side), over {@code https://} closes at once, and starts over. Reports handshakes per
 * second in the measured window and the latency from connect to handshake done (p50, p90, p99,
 * max).
 */
final class HandshakeCommand {

    static final String USAGE = String.join("\n",
            "usage: tachyon-bench handshake --target tls://HOST:PORT|https://HOST:PORT/mcp --ca PEM [flags]",
            "  --concurrency N        handshakes under way at once (8)",
            "  --duration D           measured time (10s); --warmup D before it (3s)",
            "  --threads N            generator event loops (1)",
            "  --tls-protocol V       TLSv1.3 or TLSv1.2 only (both offered by default)",
            "  --tls-provider P       auto (OpenSSL when it loads), jdk or openssl: the generator's side",
            "  --cert PEM --key PEM   a client certificate, for a server asking for one");

    private static final byte[] PING = ToolMix.ascii("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n");

    private final Target target;
    private final ClientTls tls;
    private final int concurrency;
    private final long durationNanos;
    private final long warmupNanos;
    private final int threads;
    private final Recorder latency = new Recorder(1, LoopContext.MAX_LATENCY_NANOS, 3);
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String failure;
    private volatile boolean stopping;
    private Bootstrap bootstrap;

    private HandshakeCommand(Flags flags) {
        target = Target.parse(flags.required("target"));
        if (!target.tls()) {
            throw new IllegalArgumentException("handshake needs a tls:// or https:// target");
        }
        tls = ClientTls.from(flags, target);
        concurrency = flags.integer("concurrency", 8, 1, 10_000);
        durationNanos = flags.nanos("duration", 10_000_000_000L);
        warmupNanos = flags.nanos("warmup", 3_000_000_000L);
        threads = flags.integer("threads", 1, 1, 256);
        flags.finish();
        if (durationNanos <= 0 || warmupNanos < 0) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }

    static int run(String[] args, PrintStream out) throws InterruptedException {
        return new HandshakeCommand(new Flags(args, Set.of())).execute(out);
    }

    private int execute(PrintStream out) throws InterruptedException {
        out.println("tachyon-bench handshake: " + target + ": " + tls.describe() + ", concurrency " + concurrency
                + ", warmup " + LoadOptions.seconds(warmupNanos) + ", duration " + LoadOptions.seconds(durationNanos));
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("bench-handshake", true), factory);
        try {
            bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
            for (int i = 0; i < concurrency; i++) {
                next();
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupNanos));
            latency.reset();
            long countBefore = done.get();
            long failedBefore = failed.get();
            long start = System.nanoTime();
            long end = start + durationNanos;
            long lastCount = countBefore;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                long count = done.get();
                out.printf("  %,8d handshakes/s%n", count - lastCount);
                lastCount = count;
            }
            long elapsed = System.nanoTime() - start;
            long handshakes = done.get() - countBefore;
            long failures = failed.get() - failedBefore;
            stopping = true;
            Histogram window = latency.getIntervalHistogram();
            out.printf("  handshakes   %,d in %.1f s: %,.0f /s%n", handshakes, elapsed / 1e9, handshakes / (elapsed / 1e9));
            out.printf("  latency      p50 %s  p90 %s  p99 %s  max %s (connect to handshake done)%n",
                    millis(window.getValueAtPercentile(50)), millis(window.getValueAtPercentile(90)),
                    millis(window.getValueAtPercentile(99)), millis(window.getMaxValue()));
            out.printf("  failures     %,d%s%n", failures, failure == null ? "" : " (last: " + failure + ")");
            return failures == 0 && handshakes > 0 ? 0 : 1;
        } finally {
            stopping = true;
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Starts one more connection of a chain, unless the run is over. */
    private void next() {
        if (stopping) {
            return;
        }
        long started = System.nanoTime();
        bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler handler = tls.newFullHandshakeHandler(ch.alloc());
                ch.pipeline().addLast(handler, new Attempt(handler, started));
            }
        }).connect(target.host(), target.port()).addListener(connected -> {
            if (!connected.isSuccess()) {
                fail(connected.cause());
                next();
            }
        });
    }

    private void fail(Throwable cause) {
        failed.incrementAndGet();
        if (!stopping) {
            failure = String.valueOf(cause);
        }
    }

    private static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    /** One connection: its handshake, then a ping (TCP) or a close (HTTP), then the next connection. */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final SslHandler handler;
        private final long started;
        private boolean finished;

        Attempt(SslHandler handler, long started) {
            this.handler = handler;
            this.started = started;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            handler.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    end(ctx, f.cause());
                    return;
                }
                latency.recordValue(Math.max(1, Math.min(System.nanoTime() - started, LoopContext.MAX_LATENCY_NANOS)));
                if (target.transport() == Target.Transport.TCP) {
                    ctx.writeAndFlush(ctx.alloc().buffer(PING.length).writeBytes(PING));
                } else {
                    end(ctx, null);
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean line = msg instanceof ByteBuf && ((ByteBuf) msg).indexOf(((ByteBuf) msg).readerIndex(),
                    ((ByteBuf) msg).writerIndex(), (byte) '\n') >= 0;
            ReferenceCountUtil.release(msg);
            if (line) {
                end(ctx, null); // the ping's answer (one short line)
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(ctx, new IllegalStateException("closed by the server before the ping was answered"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ctx, cause);
        }

        private void end(ChannelHandlerContext ctx, Throwable cause) {
            if (finished) {
                return;
            }
            finished = true;
            if (cause == null) {
                done.incrementAndGet();
            } else {
                fail(cause);
            }
            ctx.close();
            next();
        }
    }
}
