package dev.tachyon.benchmarks.ndjson;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * One round through a pipeline on an {@link EmbeddedChannel}, as the benchmarks that drive a
 * real transport's stages use it: bytes in, everything written back out and released.
 */
public final class EmbeddedRound {

    private EmbeddedRound() {
    }

    /**
     * Fires {@code in} (taken over) as one read batch, straight into the pipeline as the event
     * loop does after a read ({@code writeInbound} would also run the embedded loop's scheduled
     * tasks each time, the embedded channel's cost, not the transport's); returns the bytes written back.
     */
    public static int fire(EmbeddedChannel channel, ByteBuf in) {
        channel.pipeline().fireChannelRead(in).fireChannelReadComplete();
        int bytes = 0;
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }

    /** Writes {@code in} (taken over) inbound and returns what was written back, as text: for checking a setup. */
    public static String exchange(EmbeddedChannel channel, ByteBuf in) {
        channel.writeInbound(in);
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }
}
