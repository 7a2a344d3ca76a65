package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into newline-delimited JSON frames.
 *
 * <p>Emits each line as a retained slice of the cumulation buffer (no copy), without its
 * {@code \n} and without a {@code \r} right before it. Empty lines are skipped. A line longer
 * than {@code maxFrameBytes} (terminator excluded) is never buffered whole: the decoder emits
 * one {@link FrameTooLong} and from then on discards all input, because the connection is
 * about to be closed by the handler that answers it.
 */
public final class NdjsonFrameDecoder extends ByteToMessageDecoder {

    /** Default longest line: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private final int maxFrameBytes;

    /** @param maxFrameBytes longest accepted line in bytes, terminator excluded */
    public NdjsonFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The configured longest line. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        throw new UnsupportedOperationException("being written");
    }
}
