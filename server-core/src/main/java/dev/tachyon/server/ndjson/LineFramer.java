package dev.tachyon.server.ndjson;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Splits one connection's input into newline-delimited JSON lines in place: each complete line
 * of a read buffer is handed to {@link #line} as that buffer itself, its reader and writer
 * indices set to the line for the call (restored after), while the framer holds the read
 * buffer. No slice, no retain and no release per line: the read buffer is released once, after
 * its last line. Only an incomplete last line is kept (copied) until its newline arrives.
 *
 * <p>The lines are those {@link dev.tachyon.codec.NdjsonFrameDecoder} emits, with the same
 * limit: without the {@code \n} and a {@code \r} right before it, empty lines skipped; a line
 * longer than {@code maxFrameBytes} (terminator excluded) is never buffered whole: as soon as it
 * is known to be too long (more than {@code maxFrameBytes} bytes buffered without a newline, one
 * more if the last is a {@code \r}, or a newline found too far away) {@link #tooLong} is called
 * once and every later byte is dropped. Each byte is searched once however the input is split,
 * so a line trickling in a byte at a time costs O(length), and the kept part never exceeds
 * {@code maxFrameBytes + 1} bytes.
 *
 * <p>Ownership: a line is borrowed for the duration of {@link #line} only; whatever must outlive
 * that call (an offloaded call's id and arguments, a task) is copied there, as
 * {@link dev.tachyon.server.engine.McpEngine#onMessage} does. Confined to the connection's event
 * loop; one per connection.
 */
abstract class LineFramer {

    /** First capacity of the buffer that keeps an incomplete line. */
    private static final int PARTIAL_INITIAL_BYTES = 1024;

    private final int maxFrameBytes;
    /** The incomplete line kept from earlier reads (never empty, no newline), or null. */
    private ByteBuf partial;
    /** Set once a line has passed the limit: every byte from then on is dropped. */
    private boolean discarding;
    /** The read being framed: the index of its first byte not yet framed, and its end. */
    private int next;
    private int readEnd;

    /** @param maxFrameBytes longest accepted line in bytes, terminator excluded */
    LineFramer(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * One line: {@code line}'s readable bytes, valid only during this call (the buffer is the
     * read buffer or the kept line, released after the read).
     */
    abstract void line(ByteBuf line);

    /** A line passed the limit; called once, after the lines before it. */
    abstract void tooLong(int maxFrameBytes);

    /** Input bytes held and not yet handed on: the rest of the read being framed and the kept incomplete line. */
    final int bufferedBytes() {
        return (partial == null ? 0 : partial.readableBytes()) + (readEnd - next);
    }

    /** Frames every complete line of {@code in}, keeps its incomplete tail; takes ownership of {@code in}. */
    final void read(ByteBufAllocator alloc, ByteBuf in) {
        try {
            if (discarding || !in.isReadable()) {
                return;
            }
            int i = in.readerIndex();
            int end = in.writerIndex();
            next = i;
            readEnd = end;
            if (partial != null) {
                int newline = Newlines.indexOf(in, i, end);
                if (newline < 0) {
                    keep(alloc, in, i, end);
                    return;
                }
                i = completePartial(in, i, newline);
                if (i < 0) {
                    return;
                }
            }
            while (i < end) {
                int newline = Newlines.indexOf(in, i, end);
                if (newline < 0) {
                    keep(alloc, in, i, end);
                    return;
                }
                int lineEnd = newline > i && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
                if (lineEnd - i > maxFrameBytes) {
                    fail();
                    return;
                }
                next = newline + 1;
                if (lineEnd > i) {
                    in.setIndex(i, lineEnd);
                    try {
                        line(in);
                    } finally {
                        in.writerIndex(end);
                    }
                }
                i = newline + 1;
            }
        } finally {
            next = 0;
            readEnd = 0;
            in.release();
        }
    }

    /** Drops the kept incomplete line (the connection is gone). */
    final void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    /**
     * Ends the kept line with {@code in[from, newline)} and hands it on.
     *
     * @return the index after the newline, or -1 when the line was too long
     */
    private int completePartial(ByteBuf in, int from, int newline) {
        ByteBuf line = partial;
        boolean cr = newline > from ? in.getByte(newline - 1) == '\r' : line.getByte(line.writerIndex() - 1) == '\r';
        long length = (long) line.readableBytes() + (newline - from) - (cr ? 1 : 0);
        if (length > maxFrameBytes) {
            fail();
            return -1;
        }
        line.writeBytes(in, from, newline - from);
        partial = null;
        next = newline + 1;
        try {
            if (length > 0) {
                line.writerIndex(line.readerIndex() + (int) length);
                line(line);
            }
        } finally {
            line.release();
        }
        return newline + 1;
    }

    /** Keeps {@code in[from, end)} (at least one byte, no newline) as, or after, the incomplete line. */
    private void keep(ByteBufAllocator alloc, ByteBuf in, int from, int end) {
        long total = (partial == null ? 0L : partial.readableBytes()) + (end - from);
        // A line of exactly maxFrameBytes may have sent its CR and still be waiting for the LF.
        boolean awaitingLineFeed = total == (long) maxFrameBytes + 1 && in.getByte(end - 1) == '\r';
        if (total > maxFrameBytes && !awaitingLineFeed) {
            fail();
            return;
        }
        if (partial == null) {
            int most = (int) Math.min(Integer.MAX_VALUE, (long) maxFrameBytes + 1);
            partial = alloc.buffer((int) Math.min(most, Math.max(PARTIAL_INITIAL_BYTES, total)), most);
        }
        partial.writeBytes(in, from, end - from);
        next = end;
    }

    private void fail() {
        discarding = true;
        release();
        tooLong(maxFrameBytes);
    }
}
