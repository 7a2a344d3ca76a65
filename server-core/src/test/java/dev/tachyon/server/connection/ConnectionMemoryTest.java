package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The per-connection memory budget's close, on a transport whose close completes later. */
class ConnectionMemoryTest {

    /**
     * io_uring closes a channel only once its cancelled write has completed, and the channel
     * stays active meanwhile while answers keep being written: the budget closes it, and counts
     * it, once.
     */
    @Test
    void aConnectionStillActiveAfterItsCloseIsClosedAndCountedOnce() {
        int[] closes = {0};
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
                closes[0]++; // held, as io_uring holds it until the write's completion arrives
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise); // stays unsent: nothing flushes
            }
        }, new ChannelInboundHandlerAdapter()); // the connection's handler: its close passes the one above
        ConnectionBudgets budgets = new ConnectionBudgets(1024);
        ConnectionMemory memory = budgets.newConnection();
        ChannelHandlerContext ctx = channel.pipeline().lastContext();
        for (int i = 0; i < 10; i++) {
            channel.write(Unpooled.wrappedBuffer(new byte[1024]));
            memory.written(ctx, 1024);
        }
        assertTrue(channel.isActive());
        assertEquals(1, closes[0], "closed once");
        assertEquals(1, budgets.closedConnections(), "counted once");
        channel.finishAndReleaseAll();
    }
}
