package dev.tachyon.bufferpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Pins down what Tachyon relies on in Netty's internal API ({@link NettyInternals}): a Netty
 * upgrade that changes any of it fails here.
 */
class NettyInternalsTest {

    @Test
    void rawReadsAreAvailableOnTheJdkWeRunOn() {
        // The envelope scanner's fast path; without it every frame byte goes through ByteBuf.getByte.
        assertTrue(NettyInternals.rawReads(), "Unsafe with unaligned reads is expected on JDK 17 / x86-64 and aarch64");
    }

    @Test
    void rawReadsSeeTheBytesOfADirectBufferInNativeOrder() {
        assumeTrue(NettyInternals.rawReads());
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        try {
            for (int i = 0; i < 32; i++) {
                direct.writeByte(i + 1);
            }
            assertTrue(direct.hasMemoryAddress());
            long address = direct.memoryAddress() + direct.readerIndex();
            assertEquals(7, NettyInternals.getByte(address + 6));
            // Unaligned, in native order: what FrameBytes.getLong promises on every path.
            long expected = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? direct.getLongLE(3) : direct.getLong(3);
            assertEquals(expected, NettyInternals.getLong(address + 3));
            byte[] copy = new byte[5];
            NettyInternals.copyMemory(address + 10, copy, 0, 5);
            assertEquals(11, copy[0]);
            assertEquals(15, copy[4]);
        } finally {
            direct.release();
        }
    }

    @Test
    void rawWritesPutBytesAndNativeOrderLongsWhereTheBufferReadsThem() {
        assumeTrue(NettyInternals.rawReads());
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(32).writeZero(32);
        try {
            long address = direct.memoryAddress();
            NettyInternals.putByte(address + 1, (byte) 0x7F);
            NettyInternals.putLong(address + 3, 0x0102030405060708L); // unaligned
            assertEquals(0x7F, direct.getByte(1));
            long written = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? direct.getLongLE(3) : direct.getLong(3);
            assertEquals(0x0102030405060708L, written);
            assertEquals(0, direct.getByte(2));
            assertEquals(0, direct.getByte(11));
        } finally {
            direct.release();
        }
    }

    @Test
    void directMemoryIsCountedAndBounded() {
        long max = NettyInternals.maxDirectMemory();
        assertTrue(max > 0, "max direct memory: " + max);
        long before = NettyInternals.usedDirectMemory();
        // -1 means Netty does not count (metrics show it as unknown); otherwise a count within the bound.
        assertTrue(before == -1 || (before >= 0 && before <= max), "used direct memory: " + before);
    }

    @Test
    void unsentBytesCountWrittenOutputUntilTheSocketTakesIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            channel.write(Unpooled.wrappedBuffer(new byte[100]));
            channel.write(Unpooled.wrappedBuffer(new byte[23]));
            long unsent = NettyInternals.unsentBytes(channel);
            // The bytes plus Netty's bookkeeping per message (96 bytes each in Netty 4.2): budgets
            // count it as memory the connection holds, so it must stay small per message.
            assertTrue(unsent >= 123 && unsent <= 123 + 2 * 256, "written, not flushed: " + unsent);
            channel.flush();
            assertEquals(0, NettyInternals.unsentBytes(channel), "flushed: the channel took it");
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ((ByteBuf) out).release();
            }
        } finally {
            assertFalse(channel.finishAndReleaseAll());
        }
        assertEquals(0, NettyInternals.unsentBytes(channel), "closed: nothing is held");
    }
}
