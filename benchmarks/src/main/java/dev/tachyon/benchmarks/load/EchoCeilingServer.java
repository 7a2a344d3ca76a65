package dev.tachyon.benchmarks.load;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.codec.NdjsonFrameDecoder;
import dev.tachyon.server.connection.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The ceilings: servers that do everything a Tachyon connection does except the JSON and MCP
 * work, so {@code tachyon-bench --raw} against them measures what the machine, the kernel,
 * Netty and the generator allow.
 *
 * <ul>
 *   <li>{@link #start}: a newline echo for TCP. The same frame decoder as {@code TcpTransport};
 *       each line is copied into its own pooled buffer with a {@code \n}, as a Tachyon answer
 *       is, written with a void promise, and flushed once per read batch.
 *   <li>{@link #startHttp}: HTTP/1.1 keep-alive answering every request with one constant JSON
 *       body ({@link HttpConstantAnswer}), the size of Tachyon's echo answer.
 * </ul>
 * Both use the same event loops as Tachyon ({@link EventLoops}: epoll, one acceptor, one loop
 * per core), the same pooled direct allocator and socket options.
 */
public final class EchoCeilingServer implements AutoCloseable {

    private final EventLoops loops;
    private final Channel serverChannel;

    private EchoCeilingServer(EventLoops loops, Channel serverChannel) {
        this.loops = loops;
        this.serverChannel = serverChannel;
    }

    /** The newline echo on {@code host:port} (port 0: any free port) with {@code ioThreads} loops (0: one per core). */
    public static EchoCeilingServer start(String host, int port, int ioThreads) throws InterruptedException {
        return start(host, port, ioThreads, ch -> {
            ch.pipeline().addLast("framer", new NdjsonFrameDecoder(NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES));
            ch.pipeline().addLast("echo", LineEcho.INSTANCE);
        });
    }

    /**
     * The HTTP/1.1 ceiling on {@code host:port}: every request, whatever its method, path and
     * body, is answered {@code 200} with {@code body} as {@code application/json}.
     */
    public static EchoCeilingServer startHttp(String host, int port, int ioThreads, byte[] body) throws InterruptedException {
        return start(host, port, ioThreads, httpPipeline(body));
    }

    /**
     * What {@link #startHttp} installs on each connection, for a benchmark that drives the same
     * pipeline without a socket (its CPU per request against Tachyon's, in one sitting).
     */
    public static Consumer<Channel> httpPipeline(byte[] body) {
        HttpConstantAnswer answer = new HttpConstantAnswer(body);
        return ch -> {
            ch.pipeline().addLast("http", new HttpServerCodec());
            ch.pipeline().addLast("answer", answer);
        };
    }

    /** The HTTP ceiling's default body: the bytes Tachyon answers the generator's default echo call with. */
    public static byte[] echoAnswer() {
        return HttpConstantAnswer.ECHO_ANSWER.clone();
    }

    private static EchoCeilingServer start(String host, int port, int ioThreads, Consumer<Channel> pipeline)
            throws InterruptedException {
        EventLoops loops = new EventLoops(ioThreads, true);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loops.acceptor(), loops.io())
                    .channel(loops.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, Allocators.shared())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            pipeline.accept(ch);
                        }
                    });
            return new EchoCeilingServer(loops, bootstrap.bind(host, port).sync().channel());
        } catch (InterruptedException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public boolean isEpoll() {
        return loops.isEpoll();
    }

    /** Blocks until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        loops.close();
    }

    /** Writes every line back; flushes once per read batch. Stateless, so shared. */
    @ChannelHandler.Sharable
    static final class LineEcho extends CeilingHandler {
        static final LineEcho INSTANCE = new LineEcho();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf)) {
                ReferenceCountUtil.release(msg); // FrameTooLong: nothing to echo
                return;
            }
            ByteBuf line = (ByteBuf) msg;
            try {
                ByteBuf out = ctx.alloc().buffer(line.readableBytes() + 1);
                out.writeBytes(line, line.readerIndex(), line.readableBytes()).writeByte('\n');
                ctx.write(out, ctx.voidPromise());
            } finally {
                line.release();
            }
        }
    }
}
