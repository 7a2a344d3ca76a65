package dev.tachyon.codec;

/** Emitted by {@link NdjsonFrameDecoder} once when a line passes the frame limit. */
public final class FrameTooLong {

    private final int maxFrameBytes;

    public FrameTooLong(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The limit that was passed. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public String toString() {
        return "FrameTooLong(max " + maxFrameBytes + " bytes)";
    }
}
