package dev.tachyon.benchmarks.bufferpool;

import dev.tachyon.bufferpool.Allocators;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One response buffer's life: allocate, fill, release. The server's shared pooled allocator
 * ({@link Allocators#shared()}, direct, thread-local caches) against Netty's unpooled direct
 * and unpooled heap allocators.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BufferAllocationBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m"})
public class BufferAllocationBenchmark {

    /** Bytes written per buffer: a small answer, and a page of a list. */
    @Param({"256", "4096"})
    public int bytes;

    private final ByteBufAllocator pooled = Allocators.shared();
    private final ByteBufAllocator unpooled = new UnpooledByteBufAllocator(true, false, false);

    @Benchmark
    public int pooledDirect() {
        return fillAndRelease(pooled.directBuffer(bytes));
    }

    @Benchmark
    public int unpooledDirect() {
        return fillAndRelease(unpooled.directBuffer(bytes));
    }

    @Benchmark
    public int unpooledHeap() {
        return fillAndRelease(unpooled.heapBuffer(bytes));
    }

    private int fillAndRelease(ByteBuf buf) {
        for (int i = 0; i < bytes; i += 8) {
            buf.writeLong(i);
        }
        int n = buf.readableBytes();
        buf.release();
        return n;
    }
}
