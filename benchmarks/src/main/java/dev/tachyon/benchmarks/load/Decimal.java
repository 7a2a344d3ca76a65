package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBuf;

/** Writes non-negative longs as ASCII decimal digits, without a String. */
final class Decimal {

    private Decimal() {
    }

    /** The number of digits of {@code value} (at least 1). */
    static int length(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    static void write(ByteBuf buf, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = length(value);
        int at = buf.writerIndex();
        buf.ensureWritable(digits);
        long v = value;
        for (int k = digits - 1; k >= 0; k--) {
            buf.setByte(at + k, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(at + digits);
    }
}
