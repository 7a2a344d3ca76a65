package dev.tachyon.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * One reusable buffer per event loop for whole JSON answers ({@link WholeJson#responseBuffer}).
 * An HTTP answer is one buffer, written and flushed before the loop reads the next request,
 * so the loop's last answer has nearly always left for the socket when the next one starts.
 * Reusing its buffer then saves the pooled allocator's work for every answer: taking a buffer
 * from the thread cache, counting its chunk's pinned bytes (a {@code LongAdder}) and giving it
 * back, about 0.45 us of a 14 us answer in the profile (benchmarks/RESULTS.md).
 *
 * <p>The loop keeps one reference of its own to its spare. It is handed out (retained, for the
 * caller's reference) only when that reference is the only one left: the socket has taken the
 * last answer written from it and nothing else holds it. Else, or on a thread that is not an
 * event loop, the answer gets a buffer of its own as before. A spare that grew past
 * {@link #KEEP_MAX} is given back, so a large answer does not stay pinned to a loop; a loop that
 * ends gives its spare back.
 */
final class ResponseBuffers {

    /** The largest spare a loop keeps between answers, in bytes. */
    static final int KEEP_MAX = 16 * 1024;

    private static final FastThreadLocal<ByteBuf> SPARE = new FastThreadLocal<>() {
        @Override
        protected void onRemoval(ByteBuf spare) {
            if (spare != null) {
                spare.release(); // the loop's own reference; one in flight keeps the buffer until it is written
            }
        }
    };

    private ResponseBuffers() {
    }

    /**
     * A buffer of at least {@code initialCapacity} bytes and exactly {@code maxCapacity},
     * empty, whose one reference is the caller's to release.
     */
    static ByteBuf take(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
        if (!onLoop()) {
            return alloc.buffer(initialCapacity, maxCapacity);
        }
        ByteBuf spare = SPARE.get();
        if (spare != null) {
            int references = spare.refCnt();
            if (references > 1) { // still on its way to the socket: this answer gets its own
                return alloc.buffer(initialCapacity, maxCapacity);
            }
            if (references == 1 && spare.maxCapacity() == maxCapacity && spare.capacity() <= KEEP_MAX
                    && spare.capacity() >= initialCapacity && spare.alloc() == alloc) {
                return spare.retain().clear();
            }
            if (references == 1) {
                spare.release();
            }
            SPARE.set(null);
        }
        ByteBuf fresh = alloc.buffer(initialCapacity, maxCapacity);
        if (initialCapacity <= KEEP_MAX) {
            SPARE.set(fresh.retain());
        }
        return fresh;
    }

    /**
     * Whether this thread is one a spare may be kept on: a Netty thread that clears its
     * {@link FastThreadLocal}s when it ends (the event loops'), so that the spare is given back
     * then and not lost with the thread.
     */
    private static boolean onLoop() {
        return FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals();
    }

    /**
     * How many references to {@code buffer} are not the caller's or the loop's: {@code
     * buffer.refCnt()} less the loop's own one when it is this loop's spare.
     */
    static int othersReferences(ByteBuf buffer) {
        boolean spare = onLoop() && SPARE.getIfExists() == buffer;
        return buffer.refCnt() - (spare ? 2 : 1);
    }
}
