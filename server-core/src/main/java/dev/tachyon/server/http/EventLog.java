package dev.tachyon.server.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A session's bounded memory of the SSE events it sent, for replay to a client that reconnects
 * with {@code Last-Event-ID}: a ring of the newest events of all the session's streams, at most
 * {@code maxEvents} of them holding at most {@code maxBytes}, oldest evicted first.
 *
 * <pre>
 *   slot:   stream  seq  payload (owned)  last
 *            0       7    {list_changed}   no     standalone GET stream
 *            3       8    {progress}       no     the SSE stream of one POST
 *            3       9    {result}         yes    its final message ends the stream
 * </pre>
 *
 * <p>A {@code last} entry with no payload marks a stream that ended without a response (a
 * cancelled request). Sequence numbers grow across the whole session, so the ring is in
 * {@code seq} order.
 *
 * <p>Memory follows use: a session that never streams holds no arrays at all (most sessions
 * answer with plain JSON), and the ring starts at {@value #FIRST_SLOTS} slots and doubles up to
 * {@code maxEvents}. Bytes are counted as the payloads' capacity, the memory they pin. An event
 * larger than {@code maxBytes} on its own is not kept, and neither is anything kept of its
 * stream: a reconnecting client is then told the stream is gone (and sends its request again)
 * instead of being replayed a stream with a hole where its response was.
 *
 * <p>Confined to the session's event loop.
 */
final class EventLog {

    /** Receives replayed events, oldest first. */
    interface Visitor {
        /** @param payload the message, borrowed (retain it to keep it), or null for an end marker */
        void event(long seq, ByteBuf payload, boolean last);
    }

    static final int FIRST_SLOTS = 8;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final ByteBuf[] NO_BUFS = new ByteBuf[0];
    private static final boolean[] NO_BOOLS = new boolean[0];

    private final int maxEvents;
    private final long maxBytes;
    /** Bytes held by every session's log together (a metric), or null. */
    private final LongAdder allLogsBytes;
    /** Events evicted or not kept, every session together (a metric), or null. */
    private final LongAdder allLogsEvicted;
    private int[] streams = NO_INTS;
    private long[] seqs = NO_LONGS;
    private ByteBuf[] payloads = NO_BUFS;
    private boolean[] lasts = NO_BOOLS;
    private int head;
    private int size;
    private long bytes;

    EventLog(int maxEvents, long maxBytes) {
        this(maxEvents, maxBytes, null, null);
    }

    EventLog(int maxEvents, long maxBytes, LongAdder allLogsBytes, LongAdder allLogsEvicted) {
        if (maxEvents <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("bounds must be positive: " + maxEvents + ", " + maxBytes);
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.allLogsBytes = allLogsBytes;
        this.allLogsEvicted = allLogsEvicted;
    }

    /**
     * Appends an event, evicting (and releasing) the oldest while the log is over either bound.
     * Takes ownership of {@code payload}.
     */
    void append(int stream, long seq, ByteBuf payload, boolean last) {
        long cost = cost(payload);
        if (cost > maxBytes) {
            payload.release();
            evicted(1);
            purge(stream);
            return;
        }
        while (size > 0 && (size == maxEvents || bytes + cost > maxBytes)) {
            evictOldest();
        }
        if (size == payloads.length) {
            grow();
        }
        int slot = (head + size) % payloads.length;
        size++;
        streams[slot] = stream;
        seqs[slot] = seq;
        payloads[slot] = payload;
        lasts[slot] = last;
        held(cost);
    }

    /**
     * Visits the kept events of {@code stream} with a sequence number above {@code afterSeq}.
     *
     * @return how many were visited
     */
    int replay(int stream, long afterSeq, Visitor visitor) {
        int visited = 0;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % payloads.length;
            if (streams[slot] == stream && seqs[slot] > afterSeq) {
                visitor.event(seqs[slot], payloads[slot], lasts[slot]);
                visited++;
            }
        }
        return visited;
    }

    /** Whether any event of {@code stream} is still kept. */
    boolean holds(int stream) {
        for (int i = 0; i < size; i++) {
            if (streams[(head + i) % payloads.length] == stream) {
                return true;
            }
        }
        return false;
    }

    /** How many events are kept. */
    int size() {
        return size;
    }

    /** Bytes the kept payloads hold. */
    long bytes() {
        return bytes;
    }

    /** Slots allocated now (0 until the first event). */
    int slots() {
        return payloads.length;
    }

    /** Releases every kept payload and the ring itself. */
    void clear() {
        for (int i = 0; i < size; i++) {
            release((head + i) % payloads.length);
        }
        held(-bytes);
        head = 0;
        size = 0;
        streams = NO_INTS;
        seqs = NO_LONGS;
        payloads = NO_BUFS;
        lasts = NO_BOOLS;
    }

    private void evictOldest() {
        int slot = head;
        held(-cost(payloads[slot]));
        release(slot);
        head = (head + 1) % payloads.length;
        size--;
        evicted(1);
    }

    /** Drops every kept event of {@code stream}, keeping the others in order. */
    private void purge(int stream) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int from = (head + i) % payloads.length;
            if (streams[from] == stream) {
                held(-cost(payloads[from]));
                release(from);
                evicted(1);
                continue;
            }
            int to = (head + kept) % payloads.length;
            if (to != from) {
                streams[to] = streams[from];
                seqs[to] = seqs[from];
                payloads[to] = payloads[from];
                lasts[to] = lasts[from];
                payloads[from] = null;
            }
            kept++;
        }
        size = kept;
    }

    /** Doubles the ring (up to {@code maxEvents}), unrolled so that the oldest event is in slot 0. */
    private void grow() {
        int length = payloads.length == 0 ? Math.min(FIRST_SLOTS, maxEvents)
                : (int) Math.min((long) payloads.length * 2, maxEvents);
        int[] s = new int[length];
        long[] q = new long[length];
        ByteBuf[] p = new ByteBuf[length];
        boolean[] l = new boolean[length];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % payloads.length;
            s[i] = streams[from];
            q[i] = seqs[from];
            p[i] = payloads[from];
            l[i] = lasts[from];
        }
        Arrays.fill(payloads, null);
        streams = s;
        seqs = q;
        payloads = p;
        lasts = l;
        head = 0;
    }

    private void release(int slot) {
        ByteBuf payload = payloads[slot];
        payloads[slot] = null;
        if (payload != null) {
            payload.release();
        }
    }

    private void held(long delta) {
        bytes += delta;
        if (allLogsBytes != null && delta != 0) {
            allLogsBytes.add(delta);
        }
    }

    private void evicted(int events) {
        if (allLogsEvicted != null) {
            allLogsEvicted.add(events);
        }
    }

    private static long cost(ByteBuf payload) {
        return payload == null ? 0 : payload.capacity();
    }
}
