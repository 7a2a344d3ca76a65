package dev.tachyon.server.connection;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a last message without destroying it. Closing a socket that still
 * has unread input makes the kernel send RST, which can discard the last message before the
 * client reads it. So: write it, half-close (FIN), keep reading and discarding what the client
 * sends, and close when the client closes its side or after {@link #SECONDS}.
 */
public final class Linger {

    /** The longest a connection lingers after its last message. */
    public static final long SECONDS = 2;

    private Linger() {
    }

    /** Half-closes once {@code written} completes; closes at the latest {@link #SECONDS} later. */
    public static void closeAfter(ChannelHandlerContext ctx, ChannelFuture written) {
        written.addListener(done -> {
            if (ctx.channel() instanceof DuplexChannel && ctx.channel().isActive()) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), SECONDS, TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }

    /** Closes at once when {@code event} says the client closed its side (connections that allow half-closure). */
    static void onEvent(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close();
        }
    }
}
