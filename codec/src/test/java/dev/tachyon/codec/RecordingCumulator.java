package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * A cumulator for {@link ByteToMessageDecoder} tests that records how many bytes the decoder
 * searched and the most bytes it ever held, so complexity and memory bounds are asserted
 * exactly instead of by timing.
 */
final class RecordingCumulator implements ByteToMessageDecoder.Cumulator {

    private long searched;
    private int mostHeld;

    /** Bytes examined by {@code indexOf}/{@code forEachByte} on the cumulation so far. */
    long searched() {
        return searched;
    }

    /** The largest number of readable bytes the cumulation ever held. */
    int mostHeld() {
        return mostHeld;
    }

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        try {
            ByteBuf target = cumulation;
            if (!(cumulation instanceof Counting) || cumulation.maxWritableBytes() < in.readableBytes()) {
                target = new Counting(Math.max(64, 2 * (cumulation.readableBytes() + in.readableBytes())));
                target.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
                cumulation.release();
            }
            target.writeBytes(in);
            mostHeld = Math.max(mostHeld, target.readableBytes());
            return target;
        } finally {
            in.release();
        }
    }

    /** A heap buffer of fixed capacity that counts the bytes searched in it. */
    private final class Counting extends UnpooledHeapByteBuf {

        Counting(int capacity) {
            super(UnpooledByteBufAllocator.DEFAULT, capacity, capacity);
        }

        @Override
        public int indexOf(int fromIndex, int toIndex, byte value) {
            int found = super.indexOf(fromIndex, toIndex, value);
            searched += (found < 0 ? toIndex : found + 1) - fromIndex;
            return found;
        }

        @Override
        public int forEachByte(int index, int length, ByteProcessor processor) {
            int found = super.forEachByte(index, length, processor);
            searched += found < 0 ? length : found + 1 - index;
            return found;
        }
    }
}
