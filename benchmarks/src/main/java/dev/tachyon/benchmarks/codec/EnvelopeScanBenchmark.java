package dev.tachyon.benchmarks.codec;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.McpMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Envelope scanning of real MCP messages: find {@code jsonrpc}, {@code id}, {@code method},
 * {@code params}/{@code result}/{@code error} and tell which method was called.
 *
 * <p>The Tachyon scanner reads the frame where the server has it, in a direct buffer (and,
 * for comparison, in a heap buffer), validates every byte, and looks the method up from its
 * bytes. jackson-core and jsoniter read a {@code byte[]} (their best case: the copy out of the
 * direct buffer a server would need is not counted) and produce the method name as a String.
 * All variants apply the same JSON-RPC shape rules.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EnvelopeScanBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m"})
public class EnvelopeScanBenchmark {

    @Param({"echo-request", "initialize-request", "tools-call-4k", "tools-call-result"})
    public String message;

    private final EnvelopeScanner scanner = new EnvelopeScanner();
    private final JsonRpcEnvelope envelope = new JsonRpcEnvelope();
    private final JacksonEnvelopeScan jackson = new JacksonEnvelopeScan();
    private final JsoniterEnvelopeScan jsoniter = new JsoniterEnvelopeScan();
    private byte[] bytes;
    private ByteBuf direct;
    private ByteBuf heap;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = McpMessages.load(message);
        direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        heap = Unpooled.wrappedBuffer(bytes.clone());
        // A benchmark of a parser that fails would measure its error path.
        if (scanner.scan(direct, envelope) != EnvelopeScanner.OK || jackson.scan(bytes) != EnvelopeScanner.OK
                || jsoniter.scan(bytes) != EnvelopeScanner.OK) {
            throw new IllegalStateException(message + " does not scan as valid with every parser");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        direct.release();
        heap.release();
    }

    @Benchmark
    public McpMethod tachyonDirect() {
        return scanAndLookUp(direct);
    }

    @Benchmark
    public McpMethod tachyonHeap() {
        return scanAndLookUp(heap);
    }

    @Benchmark
    public void jackson(Blackhole bh) {
        bh.consume(jackson.scan(bytes));
        bh.consume(jackson.method());
    }

    @Benchmark
    public void jsoniter(Blackhole bh) {
        bh.consume(jsoniter.scan(bytes));
        bh.consume(jsoniter.method());
    }

    private McpMethod scanAndLookUp(ByteBuf frame) {
        if (scanner.scan(frame, envelope) != EnvelopeScanner.OK) {
            return null;
        }
        return McpMethod.lookup(frame, envelope.methodStart(), envelope.methodEnd());
    }
}
