package dev.tachyon.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * A whole JSON response of the common shape, written as bytes instead of through Netty's
 * response objects: status line, {@code content-type: application/json}, {@code vary} when the
 * endpoint compresses, {@code Mcp-Session-Id} when given, {@code connection: close} when the
 * connection ends with it, {@code content-length}, then the body, all in one buffer. The same
 * bytes {@link io.netty.handler.codec.http.HttpResponseEncoder} writes for the
 * {@link io.netty.handler.codec.http.FullHttpResponse} it stands for, without a header map per
 * response, the encoder's walk of it, or a second buffer.
 *
 * <p>Only for responses that nothing after the connection handler adds headers to: the
 * request had no {@code Origin} (else the CORS handler adds its headers to the response object).
 * Made by {@link HttpResponder} on any thread; {@link #encode} runs on the connection's loop,
 * where keep-alive is decided; the {@link HttpCodec}'s encoder passes the {@link Encoded} bytes
 * on as they are (a HEAD's without the body).
 */
final class WholeJson extends DefaultByteBufHolder {

    private static final byte[] VERSION = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_TYPE = "\r\ncontent-type: application/json\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VARY = "vary: Accept-Encoding\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION = (HttpResponder.SESSION_ID + ": ").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LENGTH = "content-length: ".getBytes(StandardCharsets.US_ASCII);
    /** The status line and the headers before the session id of a 200, without and with {@code vary}. */
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_VARY = ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nvary: Accept-Encoding\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    /** Room for the status line and headers besides the session id. */
    private static final int HEAD_BYTES = 160;

    private final HttpResponseStatus status;
    private final boolean vary;
    private final String sessionId;

    /** {@code body}'s ownership passes to this response; {@code sessionId} may be null. */
    WholeJson(HttpResponseStatus status, ByteBuf body, boolean vary, String sessionId) {
        super(body);
        this.status = status;
        this.vary = vary;
        this.sessionId = sessionId;
    }

    /** The response's bytes in one buffer from {@code alloc}; the body is released. */
    Encoded encode(ByteBufAllocator alloc, boolean keepAlive) {
        ByteBuf body = content();
        int length = body.readableBytes();
        ByteBuf out = alloc.buffer(HEAD_BYTES + (sessionId == null ? 0 : sessionId.length()) + length);
        try {
            if (status == HttpResponseStatus.OK) {
                out.writeBytes(vary ? OK_VARY : OK); // nearly every answer: one copy for its first lines
            } else {
                out.writeBytes(VERSION);
                AsciiString code = status.codeAsText();
                out.writeCharSequence(code, StandardCharsets.US_ASCII);
                out.writeByte(' ');
                out.writeCharSequence(status.reasonPhrase(), StandardCharsets.US_ASCII);
                out.writeBytes(CONTENT_TYPE);
                if (vary) {
                    out.writeBytes(VARY);
                }
            }
            if (sessionId != null) {
                out.writeBytes(SESSION);
                out.writeCharSequence(sessionId, StandardCharsets.US_ASCII);
                out.writeShort(CRLF);
            }
            if (!keepAlive) {
                out.writeBytes(CLOSE);
            }
            out.writeBytes(LENGTH);
            writeDecimal(out, length);
            out.writeShort(CRLF);
            out.writeShort(CRLF);
            int head = out.writerIndex();
            out.writeBytes(body, body.readerIndex(), length);
            return new Encoded(out, head);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            release();
        }
    }

    private static void writeDecimal(ByteBuf out, int value) {
        if (value >= 10) {
            writeDecimal(out, value / 10);
        }
        out.writeByte('0' + value % 10);
    }

    /** A response's bytes, ready for the socket; {@link #headBytes()} of them are the status line and headers. */
    static final class Encoded extends DefaultByteBufHolder {
        private final int headBytes;

        Encoded(ByteBuf bytes, int headBytes) {
            super(bytes);
            this.headBytes = headBytes;
        }

        int headBytes() {
            return headBytes;
        }
    }
}
