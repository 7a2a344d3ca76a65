package dev.tachyon.bufferpool;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PoolChunkListMetric;
import io.netty.buffer.PoolChunkMetric;
import io.netty.buffer.PooledByteBufAllocatorMetric;

/**
 * A point-in-time view of buffer memory: what the shared pool holds and what Netty's direct
 * memory counter says is in use. Values are read when asked; nothing is cached.
 */
public final class PoolMetrics {

    private final PooledByteBufAllocatorMetric metric;

    private PoolMetrics(PooledByteBufAllocator allocator) {
        this.metric = allocator.metric();
    }

    /** Metrics of the shared allocator. */
    public static PoolMetrics shared() {
        return new PoolMetrics(Allocators.shared());
    }

    /** Direct memory held by the pool's arenas, in bytes (includes free space inside chunks). */
    public long pooledDirectBytes() {
        return metric.usedDirectMemory();
    }

    /**
     * Direct memory allocated from the pool's arenas now (buffers not yet released, and those
     * parked in thread caches), in bytes: {@link #pooledDirectBytes()} less the free space
     * inside its chunks. Walks every chunk, so it is for measuring, not for every request.
     */
    public long pooledDirectBytesInUse() {
        long used = 0;
        for (PoolArenaMetric arena : metric.directArenas()) {
            for (PoolChunkListMetric list : arena.chunkLists()) {
                for (PoolChunkMetric chunk : list) {
                    used += chunk.chunkSize() - chunk.freeBytes();
                }
            }
        }
        return used;
    }

    /** Heap memory held by the pool's arenas, in bytes. */
    public long pooledHeapBytes() {
        return metric.usedHeapMemory();
    }

    /**
     * Direct memory Netty has reserved in total (pooled and unpooled), or -1 when Netty does not
     * count it on this JVM.
     */
    public long nettyDirectBytes() {
        return NettyInternals.usedDirectMemory();
    }

    /** Upper bound for Netty direct memory on this JVM, in bytes. */
    public long maxDirectBytes() {
        return NettyInternals.maxDirectMemory();
    }
}
