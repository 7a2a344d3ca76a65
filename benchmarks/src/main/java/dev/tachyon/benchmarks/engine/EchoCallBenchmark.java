package dev.tachyon.benchmarks.engine;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
 * The engine's path for one {@code tools/call} of the demo {@code echo} tool, with no socket:
 * the frame's bytes in, the response's bytes out (into a pooled direct buffer, released at
 * once), on an initialized TCP-style session ({@code PER_MESSAGE} eras).
 *
 * <p>What the TCP transport adds (framing, the pipeline, the write and the syscalls) is not
 * here; this isolates the engine's CPU and its allocation per message. The hot-path rule is no
 * allocation per message beyond the pooled buffers, so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} should be close to 0 B/op.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EchoCallBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"}) // Agrona's queues, as bin/tachyon runs them
public class EchoCallBenchmark {

    /** The echo's text: the load generator's default (32 bytes) and a longer one. */
    @Param({"32", "1024"})
    public int textBytes;

    private McpEngine engine;
    private McpSession session;
    private CountingOutbound outbound;
    private EmbeddedChannel loop;
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() {
        Catalogs catalogs = new Catalogs(EngineSettings.defaults().pageSize());
        catalogs.tools().putAll(DemoTools.all());
        engine = new McpEngine(EngineSettings.defaults(), catalogs);
        loop = new EmbeddedChannel();
        outbound = new CountingOutbound(loop.eventLoop());
        session = engine.openSession("bench-1", dev.tachyon.server.engine.TransportKind.TCP, outbound);
        call("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
        call("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        String text = "x".repeat(textBytes);
        byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":12345,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"" + text + "\"}}}").getBytes(StandardCharsets.UTF_8);
        frame = Allocators.shared().directBuffer(bytes.length).writeBytes(bytes);
        long before = outbound.responseBytes;
        engine.onMessage(session, frame, null);
        if (outbound.responses != 2 || outbound.responseBytes - before < textBytes) {
            throw new IllegalStateException("echo was not answered: " + outbound.last);
        }
    }

    private void call(String json) {
        ByteBuf in = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            engine.onMessage(session, in, null);
        } finally {
            in.release();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.closeSession(session);
        engine.close();
        frame.release();
        loop.finishAndReleaseAll();
    }

    @Benchmark
    public long echoCall() {
        engine.onMessage(session, frame, null);
        return outbound.responseBytes;
    }

    /** Counts what the engine answers and releases it at once: the transport's part is not measured. */
    static final class CountingOutbound implements Outbound {
        private final EventExecutor executor;
        long responses;
        long responseBytes;
        String last = "";

        CountingOutbound(EventExecutor executor) {
            this.executor = executor;
        }

        @Override
        public ByteBufAllocator alloc() {
            return Allocators.shared();
        }

        @Override
        public EventExecutor executor() {
            return executor;
        }

        @Override
        public void send(Object exchange, ByteBuf message) {
            message.release();
        }

        @Override
        public void complete(Object exchange, ByteBuf response) {
            if (response != null) {
                responses++;
                responseBytes += response.readableBytes();
                if (responses <= 2) {
                    last = response.toString(StandardCharsets.UTF_8);
                }
                response.release();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
