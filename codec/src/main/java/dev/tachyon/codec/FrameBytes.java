package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import dev.tachyon.bufferpool.NettyInternals;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the bytes of the frame being scanned in place, by the frame's own indices, as
 * directly as its buffer allows: the backing array of a heap buffer, the memory address of a
 * direct buffer, or {@code ByteBuf.getByte} for anything else (composite buffers).
 *
 * <p>{@code ByteBuf.getByte} checks bounds and the reference count on every call, which
 * costs more than the validation itself; the scanner checks its own bounds against the
 * frame's writer index, so the raw paths are safe. The mode is one well-predicted branch per
 * read. Nothing is copied and nothing allocated. Not thread-safe; one per scanner.
 */
final class FrameBytes {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private byte[] array;
    private int arrayOffset;
    private long address;
    private ByteBuf buf;

    /**
     * Reads {@code frame}; index {@code i} here is index {@code i} of the buffer.
     *
     * @throws IllegalReferenceCountException if the frame was already released: the raw paths
     *     skip the check {@code getByte} makes, and freed memory must never be read
     */
    FrameBytes wrap(ByteBuf frame) {
        clear();
        if (frame.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        if (frame.hasArray()) {
            array = frame.array();
            arrayOffset = frame.arrayOffset();
        } else if (frame.hasMemoryAddress() && NettyInternals.rawReads()) {
            address = frame.memoryAddress();
        } else {
            buf = frame;
        }
        return this;
    }

    /** Reads {@code bytes}; index {@code i} here is {@code bytes[i]}. */
    FrameBytes wrap(byte[] bytes) {
        clear();
        array = bytes;
        return this;
    }

    /** Drops the reference to the frame, so a scanner kept per connection does not keep it reachable. */
    void clear() {
        // The references are nulled only when set: a direct frame sets neither, and a store into
        // this long-lived reader costs a write barrier even when it writes null.
        if (array != null) {
            array = null;
        }
        arrayOffset = 0;
        address = 0;
        if (buf != null) {
            buf = null;
        }
    }

    byte get(int i) {
        if (array != null) {
            return array[arrayOffset + i];
        }
        return buf == null ? NettyInternals.getByte(address + i) : buf.getByte(i);
    }

    /** The eight bytes at {@code i..i+7} as one long in the platform's native byte order, on every path. */
    long getLong(int i) {
        if (array != null) {
            return (long) LONGS.get(array, arrayOffset + i);
        } else if (buf == null) {
            return NettyInternals.getLong(address + i);
        }
        return LITTLE_ENDIAN ? buf.getLongLE(i) : buf.getLong(i);
    }

    /** Copies {@code length} bytes from index {@code i} into {@code dst[0, length)}. */
    void getBytes(int i, byte[] dst, int length) {
        if (array != null) {
            System.arraycopy(array, arrayOffset + i, dst, 0, length);
        } else if (buf == null) {
            NettyInternals.copyMemory(address + i, dst, 0, length);
        } else {
            buf.getBytes(i, dst, 0, length);
        }
    }

    /** Whether {@link #getLong} puts the byte at the lowest index in the lowest bits. */
    static boolean littleEndian() {
        return LITTLE_ENDIAN;
    }
}
