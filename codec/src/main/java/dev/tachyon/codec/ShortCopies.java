package dev.tachyon.codec;

import dev.tachyon.bufferpool.NettyInternals;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Appends short runs of bytes (the constant fragments of a response, an id, a short string
 * copied from the request's frame) to a pooled direct buffer, eight bytes at a time by address.
 *
 * <p>Why: every {@code ByteBuf.writeBytes} into a direct buffer ends in
 * {@code Unsafe.copyMemory}, whose argument checks and out-of-line copy stub cost more than
 * the copy when it is a few dozen bytes; a response to an echo call made six of them, which a
 * JFR profile of the pipelined TCP echo put at about 5% of the server's samples. Here the
 * buffer is grown and checked once ({@code ensureWritable}), the bytes are moved with plain
 * loads and stores, and the writer index is set once. Runs longer than {@link #MAX_BYTES}, and
 * buffers without a memory address (heap, composite) or JVMs without raw access, take
 * {@code writeBytes} as before. The result is the same bytes either way, and the same
 * {@code IndexOutOfBoundsException} when the buffer cannot grow that far.
 */
public final class ShortCopies {

    /** Longest run copied here; longer ones go to {@code writeBytes}, whose bulk copy wins there. */
    static final int MAX_BYTES = 64;

    /** The closing quote of {@link #appendQuoted}. */
    private static final byte[] QUOTE = {'"'};

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private ShortCopies() {
    }

    /** Appends {@code bytes} to {@code out}, as {@code out.writeBytes(bytes)}. */
    public static void append(ByteBuf out, byte[] bytes) {
        int length = bytes.length;
        if (length == 0) {
            return; // nothing to check either (JsonOut.string without a fragment before it)
        }
        if (length > MAX_BYTES || !NettyInternals.rawReads() || !reserve(out, length)) {
            out.writeBytes(bytes);
            return;
        }
        int at = out.writerIndex();
        copy(bytes, out.memoryAddress() + at);
        out.writerIndex(at + length);
    }

    /**
     * Appends {@code before}, {@code src[index, index + length)} and {@code after}, as the
     * three appends would, with the buffer grown and checked once (the id of a response
     * between its constant fragments). Runs longer than {@link #MAX_BYTES} take the three
     * appends.
     */
    public static void append(ByteBuf out, byte[] before, ByteBuf src, int index, int length, byte[] after) {
        around(out, before, false, src, index, length, after);
    }

    /**
     * Appends {@code before}, a quote, {@code src[index, index + length)} and a quote, as the
     * four appends would, with the buffer grown and checked once and the source's address taken
     * (and its reference count checked) once: a plain string copied from the request's frame,
     * with the constant fragment before it. Runs longer than {@link #MAX_BYTES} take the
     * separate appends.
     */
    public static void appendQuoted(ByteBuf out, byte[] before, ByteBuf src, int index, int length) {
        around(out, before, true, src, index, length, QUOTE);
    }

    /** {@code before}, a quote if {@code quote}, the source span and {@code after}: grown and checked once. */
    private static void around(ByteBuf out, byte[] before, boolean quote, ByteBuf src, int index, int length,
            byte[] after) {
        int open = quote ? 1 : 0;
        int total = before.length + open + length + after.length;
        if (before.length > MAX_BYTES || length > MAX_BYTES || after.length > MAX_BYTES
                || !NettyInternals.rawReads() || !src.hasMemoryAddress() || !reserve(out, total)) {
            append(out, before);
            if (quote) {
                out.writeByte('"');
            }
            append(out, src, index, length);
            append(out, after);
            return;
        }
        checkRange(src, index, length);
        long from = src.memoryAddress() + index; // memoryAddress() refuses a released buffer
        int at = out.writerIndex();
        long to = out.memoryAddress() + at;
        copy(before, to);
        to += before.length;
        if (quote) {
            NettyInternals.putByte(to, (byte) '"');
        }
        copy(from, to + open, length);
        copy(after, to + open + length);
        out.writerIndex(at + total);
    }

    /**
     * Appends {@code src[index, index + length)} to {@code out}, as
     * {@code out.writeBytes(src, index, length)} (without moving {@code src}'s indices).
     */
    public static void append(ByteBuf out, ByteBuf src, int index, int length) {
        if (length > MAX_BYTES || !NettyInternals.rawReads() || !src.hasMemoryAddress() || !reserve(out, length)) {
            out.writeBytes(src, index, length);
            return;
        }
        checkRange(src, index, length);
        long from = src.memoryAddress() + index; // memoryAddress() refuses a released buffer
        int at = out.writerIndex();
        copy(from, out.memoryAddress() + at, length);
        out.writerIndex(at + length);
    }

    /** The bounds check {@code writeBytes} makes of its source. */
    private static void checkRange(ByteBuf src, int index, int length) {
        if (index < 0 || length < 0 || index > src.capacity() - length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length + " of capacity " + src.capacity());
        }
    }

    private static void copy(byte[] bytes, long to) {
        int length = bytes.length;
        int k = 0;
        for (; length - k >= Long.BYTES; k += Long.BYTES) {
            NettyInternals.putLong(to + k, (long) LONGS.get(bytes, k));
        }
        for (; k < length; k++) {
            NettyInternals.putByte(to + k, bytes[k]);
        }
    }

    private static void copy(long from, long to, int length) {
        int k = 0;
        for (; length - k >= Long.BYTES; k += Long.BYTES) {
            NettyInternals.putLong(to + k, NettyInternals.getLong(from + k));
        }
        for (; k < length; k++) {
            NettyInternals.putByte(to + k, NettyInternals.getByte(from + k));
        }
    }

    /**
     * Makes room for {@code length} more bytes (growing, or throwing, as writeBytes would);
     * returns whether {@code out} can then be written by address. Asked after growing: a
     * composite buffer that grows gains a component and loses its single address.
     */
    private static boolean reserve(ByteBuf out, int length) {
        out.ensureWritable(length);
        return out.hasMemoryAddress();
    }
}
