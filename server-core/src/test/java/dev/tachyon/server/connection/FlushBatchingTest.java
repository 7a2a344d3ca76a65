package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pipeline's flush batching: one socket flush per read batch, one per event-loop turn
 * otherwise; alone (stdio) and as part of the network transports' {@link ConnectionHandler},
 * which carries the timeouts on the same object.
 */
class FlushBatchingTest {

    static Stream<Supplier<FlushBatching>> batchers() {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(new IdleTimeout(Long.MAX_VALUE / 4),
                new WriteStallTimeout(Long.MAX_VALUE / 4), new ConnectionCloses());
        return Stream.of(FlushBatching::new, () -> new ConnectionHandler(timeouts, ConnectionWork.NONE));
    }

    private int flushes;
    private ChannelHandlerContext handler;

    private EmbeddedChannel channel(Supplier<FlushBatching> batcher) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++; // what reaches the socket
                ctx.flush();
            }
        }, batcher.get(), new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                handler = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // answers every message at once, flushing after each, as HttpConnection does
                ctx.write(msg, ctx.voidPromise());
                ctx.flush();
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.flush(); // NdjsonSessionHandler flushes its batch here: still in the same socket flush
            }
        });
        flushes = 0;
        return channel;
    }

    @ParameterizedTest
    @MethodSource("batchers")
    void aReadBatchIsFlushedOnceAfterItsReadComplete(Supplier<FlushBatching> batcher) {
        EmbeddedChannel channel = channel(batcher);
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[] {1}));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[] {2}));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[] {3}));
        assertEquals(0, flushes, "nothing flushed during the read batch");
        channel.pipeline().fireChannelReadComplete();
        assertEquals(1, flushes, "one flush for the batch, including what was flushed in channelReadComplete");
        assertEquals(3, channel.outboundMessages().size());
        channel.runPendingTasks();
        assertEquals(1, flushes, "nothing left for later");
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @MethodSource("batchers")
    void flushesOutsideAReadShareOneFlushPerEventLoopTurn(Supplier<FlushBatching> batcher) {
        EmbeddedChannel channel = channel(batcher);
        // EmbeddedChannel runs its pending tasks on every write that reaches it, so the three
        // answers are written first; then each of three worker completions asks for a flush.
        for (int i = 0; i < 3; i++) {
            handler.write(Unpooled.wrappedBuffer(new byte[] {(byte) i}), handler.voidPromise());
        }
        for (int i = 0; i < 3; i++) {
            handler.flush();
        }
        assertEquals(0, flushes, "deferred to the end of the turn");
        channel.runPendingTasks();
        assertEquals(1, flushes);
        assertEquals(3, channel.outboundMessages().size());
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @MethodSource("batchers")
    void aChannelOverItsHighWaterMarkIsFlushedAtOnce(Supplier<FlushBatching> batcher) {
        EmbeddedChannel channel = channel(batcher);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[64])); // unwritable after the write
        assertEquals(1, flushes, "the socket takes what it can at once, read batch or not");
        channel.pipeline().fireChannelReadComplete();
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @MethodSource("batchers")
    void whatWasWrittenBeforeACloseIsFlushed(Supplier<FlushBatching> batcher) {
        EmbeddedChannel channel = channel(batcher);
        handler.write(Unpooled.wrappedBuffer(new byte[] {1}), handler.voidPromise());
        handler.flush();
        handler.close();
        assertEquals(1, flushes);
        assertEquals(1, channel.outboundMessages().size());
        channel.finishAndReleaseAll();
    }
}
