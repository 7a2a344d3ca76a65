package dev.tachyon.benchmarks.ndjson;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.codec.NdjsonFrameDecoder;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.ndjson.NdjsonSessionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The TCP transport's path for a read batch of sixteen pipelined {@code tools/call}s of the demo
 * {@code echo} ({@link #textBytes} of text, 32 by default), with no socket: the batch's bytes go into an
 * {@link EmbeddedChannel} holding the session handler (its in-place line framing,
 * the one scan, the engine, the answers batched into one pooled buffer), and the one buffer
 * written out is released. Scores are per call ({@link OperationsPerInvocation}).
 *
 * <p>What it leaves out of the real connection: the socket and its syscalls, and the shared
 * pipeline's stages before the session handler (gate, timeouts, flush batching), which cost the same
 * per read batch whatever the messages are.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PipelinedEchoBenchmark -prof gc}; large
 * payloads with {@code -p textBytes=65536}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(PipelinedEchoBenchmark.PIPELINE)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"}) // Agrona's queues, as bin/tachyon runs them
public class PipelinedEchoBenchmark {

    /** Calls per read batch: the load generator's {@code --pipeline 16}. */
    static final int PIPELINE = 16;

    /** Length of each call's text, echoed back: 32 (the per-call fixed cost) or 64 KiB and up (payloads). */
    @Param("32")
    public int textBytes;

    private McpEngine engine;
    private EmbeddedChannel channel;
    private ByteBuf batch;

    @Setup(Level.Trial)
    public void setUp() {
        Catalogs catalogs = new Catalogs(EngineSettings.defaults().pageSize());
        catalogs.tools().putAll(DemoTools.all());
        engine = new McpEngine(EngineSettings.defaults(), catalogs);
        channel = new EmbeddedChannel(
                new NdjsonSessionHandler(engine, TransportKind.TCP, NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES));
        exchange("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
        StringBuilder calls = new StringBuilder();
        for (int k = 0; k < PIPELINE; k++) {
            calls.append("{\"jsonrpc\":\"2.0\",\"id\":").append(1_000_000 + k)
                    .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"")
                    .append("x".repeat(textBytes)).append("\"}}}\n");
        }
        byte[] bytes = calls.toString().getBytes(StandardCharsets.UTF_8);
        batch = Allocators.shared().directBuffer(bytes.length).writeBytes(bytes);
        String answers = exchange(null);
        if (answers.split("\n").length != PIPELINE || !answers.contains("\"id\":1000015,\"result\":{\"content\"")) {
            throw new IllegalStateException("the echo calls were not answered: " + answers);
        }
    }

    /** Sends {@code lines} (or the call batch), returns what was written back. */
    private String exchange(String lines) {
        return EmbeddedRound.exchange(channel, lines == null ? batch.retainedDuplicate()
                : Allocators.shared().directBuffer().writeBytes(lines.getBytes(StandardCharsets.UTF_8)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        engine.close();
        batch.release();
    }

    /** One read batch, fired straight into the pipeline as the event loop does after a read. */
    @Benchmark
    public int pipelinedEcho() {
        return EmbeddedRound.fire(channel, batch.retainedDuplicate());
    }
}
