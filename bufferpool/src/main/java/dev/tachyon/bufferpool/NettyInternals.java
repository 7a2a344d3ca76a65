package dev.tachyon.bufferpool;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.PlatformDependent;

/**
 * Every use Tachyon makes of Netty's internal, unsupported API, in one place: raw memory reads
 * of direct buffers (the envelope scanner), raw writes of short runs into them
 * ({@code ShortCopies}), Netty's direct-memory count (metrics), and a
 * channel's count of unsent bytes (per-connection memory budgets). These can change in any
 * Netty release without notice; {@code NettyInternalsTest} pins down what each one is relied on
 * to do, so an upgrade that changes it fails that test instead of misbehaving at run time.
 *
 * <p>Lives in the lowest module (bufferpool), so that codec and server-core both reach it.
 * Static and trivially small: the JIT inlines each call into the hot loops that use it.
 */
public final class NettyInternals {

    private static final boolean RAW_READS = PlatformDependent.hasUnsafe() && PlatformDependent.isUnaligned();

    private NettyInternals() {
    }

    /**
     * Whether direct memory may be read by address ({@link #getByte}, {@link #getLong},
     * {@link #copyMemory}): {@code sun.misc.Unsafe} is usable and unaligned reads are allowed.
     */
    public static boolean rawReads() {
        return RAW_READS;
    }

    /** The byte at {@code address}; only when {@link #rawReads()}, and only of live memory. */
    public static byte getByte(long address) {
        return PlatformDependent.getByte(address);
    }

    /** The eight bytes at {@code address} as a long in native byte order, unaligned allowed; only when {@link #rawReads()}. */
    public static long getLong(long address) {
        return PlatformDependent.getLong(address);
    }

    /** Copies {@code length} bytes from {@code address} into {@code dst[dstIndex, dstIndex + length)}; only when {@link #rawReads()}. */
    public static void copyMemory(long address, byte[] dst, int dstIndex, int length) {
        PlatformDependent.copyMemory(address, dst, dstIndex, length);
    }

    /** Writes {@code value} at {@code address}; only when {@link #rawReads()}, and only into live memory the caller owns. */
    public static void putByte(long address, byte value) {
        PlatformDependent.putByte(address, value);
    }

    /** Writes {@code value} in native byte order at {@code address}, unaligned allowed; as {@link #putByte}. */
    public static void putLong(long address, long value) {
        PlatformDependent.putLong(address, value);
    }

    /** Direct memory Netty has reserved (pooled and unpooled), or -1 when Netty does not count it on this JVM. */
    public static long usedDirectMemory() {
        return PlatformDependent.usedDirectMemory();
    }

    /** The most direct memory Netty will reserve, in bytes. */
    public static long maxDirectMemory() {
        return PlatformDependent.maxDirectMemory();
    }

    /**
     * Bytes written to {@code channel} and not yet taken by the socket (flushed or not), plus
     * Netty's bookkeeping of a few dozen bytes per message; 0 once the socket took everything or
     * the channel is closed. Call on the channel's event loop.
     */
    public static long unsentBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
