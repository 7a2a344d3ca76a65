package dev.tachyon.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * In front of the {@code SslHandler}: looks at the first byte a client sends on a TLS listener.
 * A TLS client's first record is a handshake record (content type 22); anything else is a
 * client speaking another protocol, most often plaintext HTTP or JSON-RPC on the TLS port.
 *
 * <p>Why not leave it to the TLS engine: it reads a plaintext first line as an SSLv2-style record
 * header or as a record of some length and fails later with an error that names padding or
 * packet lengths, which tells an operator nothing. Here such a connection fails at once as
 * {@link NotSslRecordException} naming the byte, which {@link TlsHandshake} closes, counts and
 * reports as "not TLS". Leaves the pipeline after the first byte. Confined to the connection's
 * event loop.
 */
final class TlsRecordProbe extends ChannelInboundHandlerAdapter {

    /** TLS content type of a handshake record: what every ClientHello starts with. */
    private static final int HANDSHAKE_RECORD = 22;

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (refused) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf) || !((ByteBuf) msg).isReadable()) {
            context.fireChannelRead(msg);
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        int first = bytes.getUnsignedByte(bytes.readerIndex());
        if (first == HANDSHAKE_RECORD) {
            context.pipeline().remove(this);
            context.fireChannelRead(msg);
            return;
        }
        bytes.release();
        refused = true;
        context.fireExceptionCaught(new NotSslRecordException(String.format("first byte 0x%02x%s, not a TLS handshake record",
                first, first >= 0x20 && first < 0x7f ? " '" + (char) first + "'" : "")));
    }
}
