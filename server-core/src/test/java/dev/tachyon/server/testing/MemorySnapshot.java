package dev.tachyon.server.testing;

import dev.tachyon.bufferpool.PoolMetrics;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * This JVM's memory right after full collections: heap in use, Netty's direct memory (the JVM's
 * direct-buffer count where Netty keeps none) and the pooled allocator's arenas. Tests take one
 * before an attack and one after, and compare.
 */
public final class MemorySnapshot {

    private static final long MIB = 1024 * 1024;

    private final long heap;
    private final long nettyDirect;
    private final long pooledDirect;

    private MemorySnapshot(long heap, long nettyDirect, long pooledDirect) {
        this.heap = heap;
        this.nettyDirect = nettyDirect;
        this.pooledDirect = pooledDirect;
    }

    /** Runs three full collections, then reads the figures. */
    public static MemorySnapshot afterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        PoolMetrics pool = PoolMetrics.shared();
        long direct = pool.nettyDirectBytes(); // -1 when Netty does not count it: the JVM's count then
        if (direct < 0) {
            for (BufferPoolMXBean bean : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if ("direct".equals(bean.getName())) {
                    direct = bean.getMemoryUsed();
                }
            }
        }
        return new MemorySnapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                direct, pool.pooledDirectBytes());
    }

    /** Heap in use after the collections, bytes. */
    public long heap() {
        return heap;
    }

    /** Netty's direct memory in use, bytes. */
    public long nettyDirect() {
        return nettyDirect;
    }

    /** Direct memory the pooled allocator holds in its arenas, bytes. */
    public long pooledDirect() {
        return pooledDirect;
    }

    @Override
    public String toString() {
        return String.format("heap %d MiB, direct %d MiB, pooled direct %d MiB",
                heap / MIB, nettyDirect / MIB, pooledDirect / MIB);
    }
}
