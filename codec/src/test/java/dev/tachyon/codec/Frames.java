package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Test frames in the buffer layouts the scanner meets: heap, pooled direct at an offset,
 * slices of pooled heap and direct buffers (what the frame decoder emits), and composite.
 */
final class Frames {

    private static final byte[] JUNK = {'"', '}', ']'};

    private Frames() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code check} on {@code bytes} held in each layout, releasing every buffer. The
     * offset layout has junk before the reader index and after the writer index, so a scanner
     * that ignores either index fails.
     */
    static void inEachLayout(byte[] bytes, Consumer<ByteBuf> check) {
        ByteBuf heap = Unpooled.wrappedBuffer(bytes.clone());
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 2 * JUNK.length);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        ByteBuf heapLine = PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length + 2 * JUNK.length);
        ByteBuf directLine = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 2 * JUNK.length);
        try {
            check.accept(heap);

            direct.writeBytes(JUNK).writeBytes(bytes).writeBytes(JUNK);
            direct.readerIndex(JUNK.length).writerIndex(JUNK.length + bytes.length);
            check.accept(direct);

            int half = bytes.length / 2;
            composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 0, half));
            composite.addComponent(true, Unpooled.wrappedBuffer(bytes, half, bytes.length - half));
            check.accept(composite);

            for (ByteBuf line : new ByteBuf[] {heapLine, directLine}) {
                line.writeBytes(JUNK).writeBytes(bytes).writeBytes(JUNK);
                ByteBuf slice = line.retainedSlice(JUNK.length, bytes.length);
                try {
                    check.accept(slice);
                } finally {
                    slice.release();
                }
            }
        } finally {
            heap.release();
            direct.release();
            composite.release();
            heapLine.release();
            directLine.release();
        }
    }

    /** The text of {@code buf[start, end)}. */
    static String span(ByteBuf buf, int start, int end) {
        return buf.toString(start, end - start, StandardCharsets.UTF_8);
    }
}
