package dev.tachyon.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a connection on a PROXY-protocol listener as soon as its first bytes cannot begin a
 * header, before Netty's {@code HAProxyMessageDecoder} sees them.
 *
 * <p>Why: the decoder tells the two versions apart only once it holds 12 bytes, so a client
 * that sends a short line of something else ({@code "ping\n"}, half a ClientHello) and waits
 * would hold the connection until {@code limits.proxy-header-timeout}. Here each byte is
 * compared with the v1 text {@code "PROXY "} and the v2 binary signature as it arrives; the
 * first byte that fits neither ends the connection, counted as {@code proxy-protocol} by
 * {@link ProxyHeader}. Once a signature is complete this stage leaves the pipeline and passes
 * on everything it held. Confined to the connection's event loop.
 */
final class ProxySignature extends ChannelInboundHandlerAdapter {

    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** How many bytes of the connection have been compared so far. */
    private int seen;
    private boolean v1 = true;
    private boolean v2 = true;
    /** Neither signature fits: the connection is being closed and later reads are dropped. */
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            context.fireChannelRead(msg);
            return;
        }
        if (refused) {
            ((ByteBuf) msg).release();
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        int start = bytes.readerIndex();
        int end = bytes.writerIndex();
        for (int i = start; i < end && (v1 || v2); i++) {
            byte b = bytes.getByte(i);
            v1 &= seen < V1.length && V1[seen] == b;
            v2 &= seen < V2.length && V2[seen] == b;
            seen++;
            if ((v1 && seen == V1.length) || (v2 && seen == V2.length)) {
                context.pipeline().remove(this);
                context.fireChannelRead(msg); // the whole read, signature and what follows
                return;
            }
        }
        if (v1 || v2) {
            context.fireChannelRead(msg); // a prefix of a signature: the decoder accumulates it
            return;
        }
        bytes.release();
        refused = true;
        context.fireExceptionCaught(new HAProxyProtocolException("the first bytes are not a PROXY protocol header"));
    }
}
