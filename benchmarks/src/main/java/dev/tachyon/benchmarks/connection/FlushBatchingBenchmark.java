package dev.tachyon.benchmarks.connection;

import dev.tachyon.server.connection.EventLoops;
import dev.tachyon.server.connection.FlushBatching;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The connection pipeline's flush batching, hand-written ({@link FlushBatching}) against
 * Netty's {@link FlushConsolidationHandler} (256 flushes, consolidating outside reads too: the
 * configuration that does the same job), over a real loopback socket on the server's own event
 * loops (epoll where present).
 *
 * <p>One operation: the client writes {@code burst} pipelined request lines and reads the
 * {@code burst} answer lines (64 bytes each). The server's handler answers each line, calling
 * {@code flush()} the way the transports do ({@code caller}):
 * <ul>
 *   <li>{@code perAnswer}: a flush after every answer, during the read (HTTP's way);</li>
 *   <li>{@code readComplete}: one flush in {@code channelReadComplete} (NDJSON's way: its
 *       answers are batched into one buffer and flushed there);</li>
 *   <li>{@code worker}: each answer written and flushed from its own event-loop task, as worker
 *       completions are (no read in progress).</li>
 * </ul>
 * The auxiliary counter {@code socketFlushes} is the flushes that reached the socket per
 * operation: the fewer, the fewer syscalls.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FlushBatchingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m"})
public class FlushBatchingBenchmark {

    @Param({"handwritten", "netty"})
    public String flush;

    @Param({"perAnswer", "readComplete", "worker"})
    public String caller;

    @Param({"1", "16"})
    public int burst;

    private static final byte[] ANSWER = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],\"x\":\"" + "y".repeat(5)
            + "\"}}\n").getBytes(StandardCharsets.US_ASCII);

    private EventLoops loops;
    private Channel server;
    private Socket client;
    private OutputStream out;
    private InputStream in;
    private byte[] requests;
    private final byte[] readBuffer = new byte[64 * 1024];
    private final AtomicLong flushes = new AtomicLong();

    /** Socket flushes per operation, as JMH reports it. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Flushes {
        public long socketFlushes;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loops = new EventLoops(1, true);
        server = loops.serverBootstrap()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new CountFlushes());
                        ch.pipeline().addLast("netty".equals(flush)
                                ? new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true)
                                : new FlushBatching());
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1024));
                        ch.pipeline().addLast(new Answer(caller));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        client = new Socket();
        client.setTcpNoDelay(true);
        client.connect((InetSocketAddress) server.localAddress());
        out = client.getOutputStream();
        in = client.getInputStream();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < burst; i++) {
            lines.append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n");
        }
        requests = lines.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        server.close().syncUninterruptibly();
        loops.close();
    }

    @Benchmark
    public int roundTrip(Flushes counters) throws IOException {
        long before = flushes.get();
        out.write(requests);
        int lines = 0;
        while (lines < burst) {
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new IOException("closed");
            }
            for (int i = 0; i < n; i++) {
                if (readBuffer[i] == '\n') {
                    lines++;
                }
            }
        }
        counters.socketFlushes += flushes.get() - before;
        return lines;
    }

    /** Counts the flushes that reach the socket (first in the pipeline, so after any batching). */
    private final class CountFlushes extends ChannelOutboundHandlerAdapter {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    /** Answers every line with {@link #ANSWER}, flushing as {@code caller} says. */
    @ChannelHandler.Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final String caller;

        Answer(String caller) {
            this.caller = caller;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            switch (caller) {
                case "perAnswer":
                    answer(ctx);
                    ctx.flush();
                    break;
                case "readComplete":
                    answer(ctx);
                    break;
                default:
                    ctx.executor().execute(() -> {
                        answer(ctx);
                        ctx.flush();
                    });
                    break;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if ("readComplete".equals(caller)) {
                ctx.flush();
            }
        }

        private static void answer(ChannelHandlerContext ctx) {
            ByteBuf answer = ctx.alloc().buffer(ANSWER.length);
            answer.writeBytes(ANSWER);
            ctx.write(answer, ctx.voidPromise());
        }
    }
}
