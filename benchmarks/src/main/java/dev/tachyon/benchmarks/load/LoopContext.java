package dev.tachyon.benchmarks.load;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What the connections of one event loop share: the latency recorder (single writer: this
 * loop), counters the reporter reads, scratch space for response bytes, and in open-loop mode
 * the send pacer.
 *
 * <p>The pacer keeps this loop's connections in a min-heap by next intended send time. One
 * scheduled task per loop (not per connection) wakes at the earliest intended time, makes
 * every send that is due on every connection, then flushes each connection it wrote to once:
 * sends are batched per event-loop tick, and the timer cost does not grow with the number of
 * connections.
 */
final class LoopContext implements Runnable {

    /** Latencies above this are recorded as this (one minute, in nanoseconds). */
    static final long MAX_LATENCY_NANOS = 60_000_000_000L;

    final EventLoop eventLoop;
    final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_LATENCY_NANOS, 3);
    /** Latencies of the answers that refused their request (overloaded: -32001, HTTP 503), also in {@link #recorder}. */
    final SingleWriterRecorder rejectedRecorder = new SingleWriterRecorder(1, MAX_LATENCY_NANOS, 3);
    final ResponseScan scan = new ResponseScan();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Error responses by kind ({@code -32001}, {@code isError}, {@code http-503}); read on this loop only. */
    final Map<String, long[]> errorsByKind = new HashMap<>();
    /** The connections on this loop (added on this loop). */
    final List<Connection> connections = new ArrayList<>();
    byte[] scratch = new byte[4096];

    private Connection[] heap = new Connection[64];
    private int heapSize;
    private Connection[] dirty = new Connection[64];
    private int dirtyCount;
    private boolean tickScheduled;

    LoopContext(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /** A scratch array of at least {@code length} bytes. */
    byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    void record(long latencyNanos) {
        recorder.recordValue(Math.max(1, Math.min(latencyNanos, MAX_LATENCY_NANOS)));
    }

    void recordRejected(long latencyNanos) {
        rejectedRecorder.recordValue(Math.max(1, Math.min(latencyNanos, MAX_LATENCY_NANOS)));
    }

    /** Whether an error of {@code kind} is the server refusing the request for overload. */
    static boolean isRejection(String kind) {
        return "-32001".equals(kind) || "http-503".equals(kind);
    }

    void countError(String kind) {
        errors.lazySet(errors.get() + 1);
        errorsByKind.computeIfAbsent(kind, k -> new long[1])[0]++;
    }

    // ---- open-loop pacing (all on this loop) ----

    /** Adds a connection whose schedule is set; it sends from its first intended time on. */
    void pace(Connection c) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        heap[heapSize] = c;
        siftUp(heapSize++);
        scheduleTick();
    }

    /** Marks {@code c} as written to in this tick: it is flushed once at the end. */
    void dirty(Connection c) {
        if (c.dirty) {
            return;
        }
        c.dirty = true;
        if (dirtyCount == dirty.length) {
            dirty = Arrays.copyOf(dirty, dirtyCount * 2);
        }
        dirty[dirtyCount++] = c;
    }

    @Override
    public void run() {
        tickScheduled = false;
        long now = System.nanoTime();
        while (heapSize > 0 && heap[0].nextIntended <= now) {
            Connection c = heap[0];
            c.sendDue(now);
            if (c.nextIntended == Long.MAX_VALUE) {
                removeTop();
            } else {
                siftDown(0);
            }
        }
        flushDirty();
        scheduleTick();
    }

    void flushDirty() {
        for (int k = 0; k < dirtyCount; k++) {
            Connection c = dirty[k];
            dirty[k] = null;
            c.dirty = false;
            c.flushOut();
        }
        dirtyCount = 0;
    }

    private void scheduleTick() {
        if (tickScheduled || heapSize == 0) {
            return;
        }
        tickScheduled = true;
        long delay = heap[0].nextIntended - System.nanoTime();
        if (delay <= 0) {
            eventLoop.execute(this);
        } else {
            eventLoop.schedule(this, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void removeTop() {
        heapSize--;
        heap[0] = heap[heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            siftDown(0);
        }
    }

    private void siftUp(int k) {
        Connection c = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Connection p = heap[parent];
            if (p.nextIntended <= c.nextIntended) {
                break;
            }
            heap[k] = p;
            k = parent;
        }
        heap[k] = c;
    }

    private void siftDown(int k) {
        Connection c = heap[k];
        int half = heapSize >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < heapSize && heap[right].nextIntended < heap[child].nextIntended) {
                child = right;
            }
            if (c.nextIntended <= heap[child].nextIntended) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = c;
    }
}
