package dev.tachyon.server.http;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * The cost of {@code tachyon.http.compression}: {@link GzipBody} on a tools/call result body as
 * the engine writes it (a pooled direct buffer), per deflate level, against the time the
 * body alone takes to write. The saving (compressed size against the body's) is printed at
 * setup, once per trial: JMH measures time, not size.
 *
 * <p>{@code text}: {@code prose} is English-like text (words repeating as in documents and
 * logs); {@code pattern} is the demo {@code payload} tool's 64-character cycle (compresses
 * far better than real results: an upper bound of the gain).
 *
 * <p>Lives in the package it measures because {@link GzipBody} is internal to the transport.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar GzipBodyBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m"})
public class GzipBodyBenchmark {

    private static final String[] WORDS = ("the server answers each tool call with a result whose content holds text "
            + "that a model reads; results of searches, files, logs and tables repeat their words and their "
            + "structure, which is why they compress, while identifiers such as 7f3a9c2e or 2026-12-06T13:45:00Z "
            + "do not").split(" ");

    @Param({"65536", "1048576"})
    public int bytes;

    @Param({"1", "6"})
    public int level;

    @Param({"prose", "pattern"})
    public String text;

    private final ByteBufAllocator pool = Allocators.shared();
    private ByteBuf body;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder t = new StringBuilder(bytes);
        for (int i = 0; t.length() < bytes; i++) {
            if (text.equals("prose")) {
                t.append(WORDS[(i * 7 + i / 13) % WORDS.length]).append(i % 17 == 16 ? ".\n" : " ");
            } else {
                t.append((char) ('!' + i % 64));
            }
        }
        body = pool.directBuffer(bytes + 128);
        body.writeCharSequence("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":",
                java.nio.charset.StandardCharsets.US_ASCII);
        JsonOut.string(body, t.substring(0, bytes));
        body.writeCharSequence("}]}}", java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuf gz = GzipBody.compress(body, pool, level);
        System.out.printf("%n%s, %d bytes, level %d: gzip %d bytes (%.1f%% of the body, %.1fx smaller)%n", text,
                body.readableBytes(), level, gz.readableBytes(), 100.0 * gz.readableBytes() / body.readableBytes(),
                (double) body.readableBytes() / gz.readableBytes());
        gz.release();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        body.release();
    }

    @Benchmark
    public int gzip() {
        ByteBuf gz = GzipBody.compress(body, pool, level);
        int n = gz.readableBytes();
        gz.release();
        return n;
    }
}
