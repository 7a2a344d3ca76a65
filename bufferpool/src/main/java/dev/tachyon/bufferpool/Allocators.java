package dev.tachyon.bufferpool;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The one place Tachyon chooses its buffer allocator.
 *
 * <p>Every transport uses {@link #shared()}: a pooled allocator that prefers direct memory, so a
 * frame read from a socket, scanned, and answered never touches the Java heap. Pool metrics are
 * read from the same instance by {@link PoolMetrics}.
 */
public final class Allocators {

    private static final PooledByteBufAllocator SHARED = new PooledByteBufAllocator(true);

    private Allocators() {
    }

    /** The process-wide pooled direct allocator. */
    public static PooledByteBufAllocator shared() {
        return SHARED;
    }

    /** The allocator as the interface type, for code that must not depend on pooling. */
    public static ByteBufAllocator allocator() {
        return SHARED;
    }
}
