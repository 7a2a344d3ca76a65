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
 *
 * <p>The limit is enforced as soon as it is known to be passed: when more than
 * {@code maxFrameBytes} bytes (one more if the last is a {@code \r}) are buffered without a
 * newline, or when a newline is found too far away. Bytes already searched are not searched
 * again when more arrive, so a line trickling in one byte at a time costs O(length) in total.
 * The decoder does not look inside lines: validating them is the envelope scanner's job.
 *
 * <p>The server's own NDJSON transports (TCP, stdio) do not use it: their session handler frames
 * the lines in place in the read buffer, with the same lines and limit and without a retained
 * slice per line. It serves the benchmarks' newline-echo reference server and any pipeline of
 * an embedder's that wants the lines as messages.
 */
public final class NdjsonFrameDecoder extends ByteToMessageDecoder {

    /** Default longest line: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private final int maxFrameBytes;
    /** How many bytes after the reader index are known to hold no newline. */
    private int searched;
    /** Set once a line has passed the limit: every byte from then on is dropped. */
    private boolean discarding;

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

    /** Bytes buffered and not yet emitted: the partial line waiting for its newline. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!discarding && in.isReadable()) {
            if (!decodeLine(in, out)) {
                break;
            }
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
        }
    }

    /**
     * Emits or skips the line at the reader index.
     *
     * @return false when no whole line is buffered (or the limit was just passed)
     */
    private boolean decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int newline = in.indexOf(start + searched, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            searched = in.readableBytes();
            // A line of exactly maxFrameBytes may have sent its CR and still be waiting for the LF.
            boolean awaitingLineFeed = searched == maxFrameBytes + 1 && in.getByte(in.writerIndex() - 1) == '\r';
            if (searched > maxFrameBytes && !awaitingLineFeed) {
                tooLong(out);
            }
            return false;
        }
        searched = 0;
        int end = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        int length = end - start;
        if (length > maxFrameBytes) {
            tooLong(out);
            return false;
        }
        if (length > 0) {
            out.add(in.retainedSlice(start, length));
        }
        in.readerIndex(newline + 1);
        return true;
    }

    private void tooLong(List<Object> out) {
        discarding = true;
        out.add(new FrameTooLong(maxFrameBytes));
    }
}
