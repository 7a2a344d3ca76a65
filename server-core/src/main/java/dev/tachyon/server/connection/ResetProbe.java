package dev.tachyon.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.epoll.EpollSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Tells a client that is gone from one that only half-closed. A FIN means "no more requests";
 * the client may still read its answers (and gets them). If it closed for good, the kernel
 * answers our next write with a reset, which a connection whose input has ended never reads, so
 * the server would go on working for it (and keep its calls queued) until a later write fails.
 * After each flush to such a connection this looks at the socket's TCP state a little later and
 * closes the connection when the peer reset it, so its queued work is dropped at once. Epoll
 * only (it reads {@code TCP_INFO}); elsewhere the next failing write closes the connection.
 */
public final class ResetProbe {

    /** {@code TCP_CLOSE} in Linux's {@code tcp_states.h}: what a reset leaves. */
    private static final int TCP_CLOSE = 7;
    /** When to look after a flush: a loopback round trip, then a slow network's. */
    private static final long[] DELAYS_MILLIS = {20, 250};

    private ResetProbe() {
    }

    /** Call after flushing to a connection whose input has ended; runs on its event loop. */
    public static void afterFlush(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof EpollSocketChannel)) {
            return;
        }
        for (long delay : DELAYS_MILLIS) {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive() && reset(ctx.channel())) {
                    ctx.close();
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean reset(Channel channel) {
        try {
            return ((EpollSocketChannel) channel).tcpInfo().state() == TCP_CLOSE;
        } catch (RuntimeException e) {
            return false; // the socket is going away anyway
        }
    }
}
