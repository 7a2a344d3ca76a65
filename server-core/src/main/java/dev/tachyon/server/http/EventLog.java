package dev.tachyon.server.http;

import io.netty.buffer.ByteBuf;

/**
 * A session's bounded memory of the SSE events it sent, for replay to a client that reconnects
 * with {@code Last-Event-ID}: a ring of the newest {@code capacity} events of all the session's
 * streams, oldest evicted first.
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
 * {@code seq} order. Confined to the session's event loop.
 */
final class EventLog {

    /** Receives replayed events, oldest first. */
    interface Visitor {
        /** @param payload the message, borrowed (retain it to keep it), or null for an end marker */
        void event(long seq, ByteBuf payload, boolean last);
    }

    private final int[] streams;
    private final long[] seqs;
    private final ByteBuf[] payloads;
    private final boolean[] lasts;
    private int head;
    private int size;

    EventLog(int capacity) {
        this.streams = new int[capacity];
        this.seqs = new long[capacity];
        this.payloads = new ByteBuf[capacity];
        this.lasts = new boolean[capacity];
    }

    /** Appends an event, evicting (and releasing) the oldest when full. Takes ownership of {@code payload}. */
    void append(int stream, long seq, ByteBuf payload, boolean last) {
        int capacity = payloads.length;
        int slot;
        if (size == capacity) {
            slot = head;
            release(slot);
            head = (head + 1) % capacity;
        } else {
            slot = (head + size) % capacity;
            size++;
        }
        streams[slot] = stream;
        seqs[slot] = seq;
        payloads[slot] = payload;
        lasts[slot] = last;
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

    /** Releases every kept payload. */
    void clear() {
        for (int i = 0; i < size; i++) {
            release((head + i) % payloads.length);
        }
        head = 0;
        size = 0;
    }

    private void release(int slot) {
        ByteBuf payload = payloads[slot];
        payloads[slot] = null;
        if (payload != null) {
            payload.release();
        }
    }
}
