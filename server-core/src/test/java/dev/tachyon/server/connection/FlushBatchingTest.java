package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The pipeline's flush batching: one socket flush per read batch, one per event-loop turn otherwise. */
class FlushBatchingTest {

    private int flushes;
    private ChannelHandlerContext handler;

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++; // what reaches the socket
                ctx.flush();
            }
        }, new FlushBatching(), new ChannelInboundHandlerAdapter() {
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

    @Test
    void aReadBatchIsFlushedOnceAfterItsReadComplete() {
        EmbeddedChannel channel = channel();
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

    @Test
    void flushesOutsideAReadShareOneFlushPerEventLoopTurn() {
        EmbeddedChannel channel = channel();
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

    @Test
    void aChannelOverItsHighWaterMarkIsFlushedAtOnce() {
        EmbeddedChannel channel = channel();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[64])); // unwritable after the write
        assertEquals(1, flushes, "the socket takes what it can at once, read batch or not");
        channel.pipeline().fireChannelReadComplete();
        channel.finishAndReleaseAll();
    }

    @Test
    void whatWasWrittenBeforeACloseIsFlushed() {
        EmbeddedChannel channel = channel();
        handler.write(Unpooled.wrappedBuffer(new byte[] {1}), handler.voidPromise());
        handler.flush();
        handler.close();
        assertEquals(1, flushes);
        assertEquals(1, channel.outboundMessages().size());
        channel.finishAndReleaseAll();
    }
}
