package dev.tachyon.server.http;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Server-Sent Events framing of JSON-RPC messages, and the event ids that name their stream.
 *
 * <pre>
 *   id: 3-17\n          stream 3 of the session, event 17 of the session
 *   retry: 1000\n       only on the first event of a response
 *   data: {...}\n       the message (no raw newlines: see {@link #flatten})
 *   \n
 * </pre>
 *
 * <p>An event id is {@code <stream>-<seq>}: {@code seq} counts every event of the session, so
 * ids are unique across all its streams, and {@code stream} says which stream a
 * {@code Last-Event-ID} resumes (0 is the standalone GET stream, each SSE answer to a POST gets
 * its own number). A priming event has an id and empty data; it primes the client to reconnect.
 */
final class Sse {

    private static final byte[] ID = ascii("id: ");
    private static final byte[] RETRY = ascii("retry: ");
    private static final byte[] DATA = ascii("data: ");
    private static final int HEADER_ROOM = 64;
    /** A comment line: clients ignore it, proxies see traffic. Shared, never released. */
    private static final ByteBuf KEEP_ALIVE = io.netty.buffer.Unpooled.unreleasableBuffer(
            io.netty.buffer.Unpooled.directBuffer(16).writeBytes(ascii(": keep-alive\n\n"))).asReadOnly();

    private Sse() {
    }

    /**
     * One event carrying {@code data} (borrowed: the event holds its own reference), or a
     * priming event with empty data when {@code data} is null.
     *
     * @param retryMillis the {@code retry} field, or negative for none
     */
    static ByteBuf event(ByteBufAllocator alloc, int stream, long seq, long retryMillis, ByteBuf data) {
        ByteBuf header = alloc.directBuffer(HEADER_ROOM);
        header.writeBytes(ID);
        writeId(header, stream, seq);
        header.writeByte('\n');
        if (retryMillis >= 0) {
            header.writeBytes(RETRY);
            JsonOut.number(header, retryMillis);
            header.writeByte('\n');
        }
        header.writeBytes(DATA);
        if (data == null) {
            header.writeByte('\n').writeByte('\n');
            return header;
        }
        ByteBuf trailer = alloc.directBuffer(2).writeByte('\n').writeByte('\n');
        CompositeByteBuf event = alloc.compositeDirectBuffer(3);
        event.addComponents(true, header, data.retainedDuplicate(), trailer);
        return event;
    }

    /**
     * An event of a stateless (2026-07-28) response stream: data only, since such streams are
     * not resumable and need no ids. Takes ownership of {@code data}.
     */
    static ByteBuf data(ByteBufAllocator alloc, ByteBuf data) {
        ByteBuf header = alloc.directBuffer(DATA.length).writeBytes(DATA);
        ByteBuf trailer = alloc.directBuffer(2).writeByte('\n').writeByte('\n');
        CompositeByteBuf event = alloc.compositeDirectBuffer(3);
        event.addComponents(true, header, data, trailer);
        return event;
    }

    /** The {@code : keep-alive} comment for an idle stream (a view of one shared constant buffer). */
    static ByteBuf keepAlive() {
        return KEEP_ALIVE.duplicate();
    }

    /** A field-only event telling the client how long to wait before it reconnects. */
    static ByteBuf retryHint(ByteBufAllocator alloc, long retryMillis) {
        ByteBuf out = alloc.directBuffer(32);
        out.writeBytes(RETRY);
        JsonOut.number(out, retryMillis);
        out.writeByte('\n').writeByte('\n');
        return out;
    }

    /**
     * Makes a JSON message safe for one {@code data:} line by turning raw CR and LF into spaces
     * (in place, or in a copy when the buffer is read-only). Valid JSON has raw line breaks only
     * as insignificant whitespace (inside strings they must be escaped), so the message means
     * the same. Takes ownership of {@code json} and returns the buffer to use.
     */
    static ByteBuf flatten(ByteBuf json) {
        int first = json.forEachByte(b -> b != '\n' && b != '\r');
        if (first < 0) {
            return json;
        }
        ByteBuf out = json;
        if (json.isReadOnly()) {
            out = json.alloc().directBuffer(json.readableBytes()).writeBytes(json);
            json.release();
        }
        int end = out.writerIndex();
        for (int i = out.readerIndex(); i < end; i++) {
            byte b = out.getByte(i);
            if (b == '\n' || b == '\r') {
                out.setByte(i, ' ');
            }
        }
        return out;
    }

    /**
     * Parses an event id written by this class.
     *
     * @return {@code {stream, seq}}, or null when {@code id} is not one of ours
     */
    static long[] parseId(String id) {
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1 || dash > 10 || id.length() - dash > 19) {
            return null;
        }
        long stream = digits(id, 0, dash);
        long seq = digits(id, dash + 1, id.length());
        if (stream < 0 || stream > Integer.MAX_VALUE || seq < 0) {
            return null;
        }
        return new long[] {stream, seq};
    }

    private static long digits(String s, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void writeId(ByteBuf out, int stream, long seq) {
        JsonOut.number(out, stream);
        out.writeByte('-');
        JsonOut.number(out, seq);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
