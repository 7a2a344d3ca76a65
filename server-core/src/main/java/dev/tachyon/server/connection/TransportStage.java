package dev.tachyon.server.connection;

import io.netty.channel.ChannelPipeline;

/**
 * A transport's own part of a connection's pipeline: its codec and its handler, added by
 * {@link ConnectionPipeline#install} after the shared stages.
 */
@FunctionalInterface
public interface TransportStage {

    /**
     * Adds the transport's codec and handler at the end of {@code pipeline}.
     *
     * @param maxFrameBytes the frame/body limit ({@code limits.max-frame-bytes}) the codec must
     *     enforce: the longest NDJSON line, the largest HTTP request body
     * @return what tells the idle timeout whether the connection has work under way
     */
    ConnectionWork addTo(ChannelPipeline pipeline, int maxFrameBytes);
}
