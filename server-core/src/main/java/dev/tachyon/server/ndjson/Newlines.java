package dev.tachyon.server.ndjson;

import dev.tachyon.bufferpool.NettyInternals;
import io.netty.buffer.ByteBuf;
import java.nio.ByteOrder;

/**
 * Finds the next {@code \n} of a read buffer the framer holds. A direct buffer (what the
 * transports read into) is read by address, eight bytes a read in native order, and a long
 * run four words a turn with one test: Netty's {@code ByteBuf.indexOf} reads one word per test
 * through the buffer's virtual {@code _getLongLE}, which at 64 KiB lines was about a third of
 * the read side's samples. Anything else (heap, composite) goes through {@code indexOf}.
 *
 * <p>Only for a buffer that stays live during the call: {@code memoryAddress()} checks the
 * reference count once, then the raw reads check nothing; the bounds are the caller's, within
 * the buffer's readable bytes.
 */
final class Newlines {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    /**
     * Raw reads only on a little-endian machine: there a borrow of {@link #zeroLanes} runs
     * towards later bytes, so the first flagged byte is the newline; on a big-endian one it
     * could flag an earlier byte.
     */
    private static final boolean RAW = NettyInternals.rawReads() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Newlines() {
    }

    /** The index of the first {@code \n} in {@code buf[from, to)}, or -1. */
    static int indexOf(ByteBuf buf, int from, int to) {
        if (!RAW || to - from < Long.BYTES || !buf.hasMemoryAddress()) {
            return buf.indexOf(from, to, (byte) '\n');
        }
        long base = buf.memoryAddress();
        int i = from;
        // Most lines (a call of a few hundred bytes) end within a few words: one at a time.
        for (int words = 0; words < 4 && to - i >= Long.BYTES; words++) {
            long found = zeroLanes(NettyInternals.getLong(base + i) ^ NEWLINES);
            if (found != 0) {
                return i + Long.numberOfTrailingZeros(found) / 8;
            }
            i += Long.BYTES;
        }
        // A long line four words a turn, one test for all four; the word is found below.
        while (to - i >= 4 * Long.BYTES) {
            long a = NettyInternals.getLong(base + i) ^ NEWLINES;
            long b = NettyInternals.getLong(base + i + Long.BYTES) ^ NEWLINES;
            long c = NettyInternals.getLong(base + i + 2 * Long.BYTES) ^ NEWLINES;
            long d = NettyInternals.getLong(base + i + 3 * Long.BYTES) ^ NEWLINES;
            if ((zeroLanes(a) | zeroLanes(b) | zeroLanes(c) | zeroLanes(d)) != 0) {
                break;
            }
            i += 4 * Long.BYTES;
        }
        while (to - i >= Long.BYTES) {
            long found = zeroLanes(NettyInternals.getLong(base + i) ^ NEWLINES);
            if (found != 0) {
                return i + Long.numberOfTrailingZeros(found) / 8;
            }
            i += Long.BYTES;
        }
        while (i < to) {
            if (NettyInternals.getByte(base + i) == '\n') {
                return i;
            }
            i++;
        }
        return -1;
    }

    /**
     * The high bit of each lane of {@code x} that may be zero: exact up to the first zero lane
     * (a borrow runs only towards the more significant lanes, past a zero lane), the only one
     * read, by the trailing zeros.
     */
    private static long zeroLanes(long x) {
        return (x - ONES) & ~x & HIGH_BITS;
    }
}
