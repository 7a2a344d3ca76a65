package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A TLS listener tells a plaintext client by its first byte: a ClientHello's record starts with
 * 22; anything else fails at once as "not TLS", named in words an operator reads, its bytes
 * released and never handed to the TLS engine.
 */
class TlsRecordProbeTest {

    @Test
    void aHandshakeRecordPassesAndTheProbeLeaves() {
        EmbeddedChannel channel = new EmbeddedChannel(new TlsRecordProbe());
        ByteBuf hello = Unpooled.buffer().writeByte(22).writeByte(3).writeByte(1);
        channel.writeInbound(hello);
        ByteBuf passed = channel.readInbound();
        assertSame(hello, passed);
        passed.release();
        assertNull(channel.pipeline().get(TlsRecordProbe.class), "gone after the first byte");
        channel.finishAndReleaseAll();
    }

    @Test
    void aPlaintextFirstLineFailsAsNotTlsNamingItsFirstByte() {
        for (String plaintext : new String[] {"POST /mcp HTTP/1.1\r\n", "{\"jsonrpc\":\"2.0\"}\n", "G"}) {
            EmbeddedChannel channel = new EmbeddedChannel(new TlsRecordProbe());
            ByteBuf bytes = Unpooled.copiedBuffer(plaintext, StandardCharsets.US_ASCII);
            NotSslRecordException refused = assertThrows(NotSslRecordException.class, () -> channel.writeInbound(bytes));
            assertEquals(0, bytes.refCnt(), "released, never handed on");
            char first = plaintext.charAt(0);
            assertEquals(String.format("not TLS (first byte 0x%02x '%c', not a TLS handshake record; a plaintext client"
                    + " on a TLS port?)", (int) first, first), HandshakeFailures.describe(refused));
            ByteBuf more = Unpooled.copiedBuffer("more", StandardCharsets.US_ASCII);
            channel.writeInbound(more);
            assertEquals(0, more.refCnt(), "what follows a refusal is dropped");
            assertNull(channel.readInbound());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aBinaryFirstByteIsNamedInHexOnly() {
        EmbeddedChannel channel = new EmbeddedChannel(new TlsRecordProbe());
        NotSslRecordException refused = assertThrows(NotSslRecordException.class,
                () -> channel.writeInbound(Unpooled.buffer().writeByte(0x80).writeByte(1)));
        assertEquals("not TLS (first byte 0x80, not a TLS handshake record; a plaintext client on a TLS port?)",
                HandshakeFailures.describe(refused));
        channel.finishAndReleaseAll();
    }

    @Test
    void nettysOwnNotTlsErrorIsDescribedWithoutItsHexDumpWhereverItIsInTheChain() {
        DecoderException wrapped = new DecoderException(new NotSslRecordException("not an SSL/TLS record: 504f5354"));
        assertEquals("not TLS (a plaintext client on a TLS port?)", HandshakeFailures.describe(wrapped));
    }
}
