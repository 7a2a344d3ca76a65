package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortCopies} writes exactly what {@code writeBytes} writes, for every length around its
 * eight-byte steps and its limit, into and from every kind of buffer (pooled and unpooled direct,
 * heap, composite, slices), grows the target the same way, and refuses what writeBytes refuses.
 */
class ShortCopiesTest {

    private static final ByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (31 * k + 7);
        }
        return bytes;
    }

    private static List<Supplier<ByteBuf>> targets() {
        return List.of(
                () -> POOLED.directBuffer(2),
                () -> Unpooled.directBuffer(2),
                () -> Unpooled.buffer(2),
                () -> POOLED.heapBuffer(2),
                () -> new CompositeByteBuf(POOLED, true, 4).addComponent(true, POOLED.directBuffer(8).writeZero(3)));
    }

    @Test
    void appendsArraysAsWriteBytesDoes() {
        for (Supplier<ByteBuf> target : targets()) {
            for (int length = 0; length <= ShortCopies.MAX_BYTES + 9; length++) {
                byte[] bytes = pattern(length);
                ByteBuf out = target.get();
                try {
                    out.writeByte('<');
                    int before = out.readableBytes();
                    ShortCopies.append(out, bytes);
                    out.writeByte('>');
                    assertEquals(before + length + 1, out.readableBytes(), out.toString());
                    byte[] written = new byte[length];
                    out.getBytes(out.readerIndex() + before, written);
                    assertArrayEquals(bytes, written, out + ", length " + length);
                    assertEquals('>', out.getByte(out.writerIndex() - 1));
                } finally {
                    out.release();
                }
            }
        }
    }

    @Test
    void appendsSpansOfBuffersAsWriteBytesDoes() {
        byte[] bytes = pattern(200);
        List<ByteBuf> sources = List.of(
                POOLED.directBuffer(256).writeBytes(bytes),
                Unpooled.wrappedBuffer(bytes.clone()),
                POOLED.directBuffer(300).writeZero(50).writeBytes(bytes).slice(50, 200));
        try {
            for (ByteBuf src : sources) {
                for (Supplier<ByteBuf> target : targets()) {
                    for (int length = 0; length <= ShortCopies.MAX_BYTES + 9; length++) {
                        for (int index : new int[] {0, 3, 200 - length}) {
                            ByteBuf out = target.get();
                            try {
                                int readerIndex = src.readerIndex();
                                int before = out.readableBytes();
                                ShortCopies.append(out, src, index, length);
                                assertEquals(readerIndex, src.readerIndex());
                                byte[] written = new byte[length];
                                out.getBytes(out.readerIndex() + before, written);
                                byte[] expected = new byte[length];
                                System.arraycopy(bytes, index, expected, 0, length);
                                assertArrayEquals(expected, written, src + " -> " + out + " at " + index + ", length " + length);
                                assertEquals(before + length, out.readableBytes());
                            } finally {
                                out.release();
                            }
                        }
                    }
                }
            }
        } finally {
            sources.forEach(ByteBuf::release); // the slice releases the buffer it shares
        }
    }

    /** A span between two arrays is written as the three appends write it, on every path. */
    @Test
    void appendsASpanBetweenTwoArraysAsThreeWritesDo() {
        byte[] bytes = pattern(200);
        ByteBuf src = POOLED.directBuffer(256).writeBytes(bytes);
        try {
            for (Supplier<ByteBuf> target : targets()) {
                for (int outer : new int[] {0, 5, 22, ShortCopies.MAX_BYTES + 1}) {
                    for (int length = 0; length <= ShortCopies.MAX_BYTES + 9; length += 3) {
                        byte[] before = pattern(outer);
                        byte[] after = pattern(outer / 2 + 1);
                        ByteBuf out = target.get();
                        ByteBuf expected = Unpooled.buffer();
                        try {
                            out.writeByte('<');
                            expected.writeBytes(out, out.readerIndex(), out.readableBytes());
                            ShortCopies.append(out, before, src, 7, length, after);
                            expected.writeBytes(before).writeBytes(src, 7, length).writeBytes(after);
                            assertEquals(expected, out, out + ", " + outer + " around " + length);
                        } finally {
                            out.release();
                            expected.release();
                        }
                    }
                }
            }
            ByteBuf full = POOLED.directBuffer(4, 8);
            ByteBuf out = POOLED.directBuffer(64);
            try {
                assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(full, pattern(3), src, 0, 3, pattern(3)));
                assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(out, new byte[0], src, 250, 8, new byte[0]));
            } finally {
                full.release();
                out.release();
            }
        } finally {
            src.release();
        }
    }

    /** A quoted span after an array is written as the separate writes write it, on every path; a released source is refused. */
    @Test
    void appendsAQuotedSpanAfterAnArrayAsSeparateWritesDo() {
        byte[] bytes = pattern(200);
        ByteBuf src = POOLED.directBuffer(256).writeBytes(bytes);
        try {
            for (Supplier<ByteBuf> target : targets()) {
                for (int outer : new int[] {0, 5, 35, ShortCopies.MAX_BYTES + 1}) {
                    for (int length = 0; length <= ShortCopies.MAX_BYTES + 9; length += 3) {
                        byte[] before = pattern(outer);
                        ByteBuf out = target.get();
                        ByteBuf expected = Unpooled.buffer();
                        try {
                            out.writeByte('<');
                            expected.writeBytes(out, out.readerIndex(), out.readableBytes());
                            ShortCopies.appendQuoted(out, before, src, 7, length);
                            expected.writeBytes(before).writeByte('"').writeBytes(src, 7, length).writeByte('"');
                            assertEquals(expected, out, out + ", " + outer + " before " + length);
                        } finally {
                            out.release();
                            expected.release();
                        }
                    }
                }
            }
            ByteBuf full = POOLED.directBuffer(4, 8);
            ByteBuf out = POOLED.directBuffer(64);
            ByteBuf released = POOLED.directBuffer(16).writeZero(16);
            released.release();
            try {
                assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.appendQuoted(full, pattern(3), src, 0, 4));
                assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.appendQuoted(out, new byte[0], src, 250, 8));
                assertThrows(IllegalReferenceCountException.class, () -> ShortCopies.appendQuoted(out, pattern(3), released, 0, 8));
            } finally {
                full.release();
                out.release();
            }
        } finally {
            src.release();
        }
    }

    @Test
    void refusesWhatWriteBytesRefuses() {
        ByteBuf src = POOLED.directBuffer(16).writeZero(16);
        ByteBuf full = POOLED.directBuffer(4, 8);
        ByteBuf out = POOLED.directBuffer(64);
        try {
            assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(out, src, 10, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(out, src, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(full, pattern(9)));
            assertThrows(IndexOutOfBoundsException.class, () -> ShortCopies.append(full, src, 0, 9));
            assertEquals(0, full.writerIndex());
            ByteBuf released = POOLED.directBuffer(16).writeZero(16);
            released.release();
            assertThrows(IllegalReferenceCountException.class, () -> ShortCopies.append(out, released, 0, 8));
        } finally {
            src.release();
            full.release();
            out.release();
        }
    }
}
