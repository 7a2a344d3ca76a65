package dev.tachyon.server.http;

import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.WrappedByteBuf;
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
    /**
     * Bytes left free in front of an answer the engine writes over HTTP, for its status line and
     * headers: a 200's with {@code vary}, {@code connection: close}, a ten-digit length and a
     * session id of up to 50 characters (ours are 22, after the node id if one is set); a longer
     * head is written apart, the body copied after it.
     */
    static final int HEAD_ROOM = 192;

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

    /**
     * A buffer for the engine to write one answer into ({@link dev.tachyon.server.engine.Outbound#responseBuffer}),
     * with {@link #HEAD_ROOM} bytes left free in front of its reader index, where {@link #encode}
     * writes the status line and headers so that the body is not copied. Its maximum capacity is
     * the engine's bound plus that room.
     */
    static ByteBuf responseBuffer(ByteBufAllocator alloc, int sizeHint, int maxBytes) {
        ByteBuf buffer = ResponseBuffers.take(alloc, HEAD_ROOM + sizeHint, HEAD_ROOM + maxBytes + Outbound.FRAMING_BYTES);
        return buffer.setIndex(HEAD_ROOM, HEAD_ROOM);
    }

    /**
     * The response's bytes, ready for the socket; the body's ownership passes to them. The head
     * is written into the body's buffer in front of the body when there is room there that no
     * one else can see (the buffer came from {@link #responseBuffer}: read bytes of a buffer that
     * is not a view and that only this response holds), else into a new buffer from
     * {@code alloc} that the body is copied into, released then.
     */
    Encoded encode(ByteBufAllocator alloc, boolean keepAlive) {
        ByteBuf body = content();
        int length = body.readableBytes();
        int head = headBytes(length, keepAlive);
        int start = body.readerIndex() - head;
        if (start >= 0 && ownBuffer(body)) {
            int end = body.writerIndex();
            body.setIndex(start, start);
            writeHead(body, length, keepAlive);
            body.writerIndex(end);
            return new Encoded(body, head); // the body's reference moves to the encoded bytes
        }
        ByteBuf out = alloc.buffer(head + length);
        try {
            writeHead(out, length, keepAlive);
            out.writeBytes(body, body.readerIndex(), length);
            return new Encoded(out, head);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            release();
        }
    }

    /**
     * Whether {@code body} is a buffer of its own that only this response holds: not a view of
     * another (a slice or duplicate shares the bytes in front of its reader index), referenced
     * once (besides its loop's own reference when it is the loop's spare, {@link ResponseBuffers},
     * which reads nothing), writable. Netty's leak detector wraps some buffers it hands out (every one under
     * {@code PARANOID}): what counts then is the buffer under that wrapper.
     */
    private static boolean ownBuffer(ByteBuf body) {
        ByteBuf under = body instanceof WrappedByteBuf && body.getClass().getName().contains("LeakAware")
                ? body.unwrap() : body;
        return under.unwrap() == null && ResponseBuffers.othersReferences(body) == 0 && !body.isReadOnly();
    }

    /** How many bytes {@link #writeHead} writes: the same sum, for a head written in place. */
    private int headBytes(int length, boolean keepAlive) {
        int bytes;
        if (status == HttpResponseStatus.OK) {
            bytes = (vary ? OK_VARY : OK).length;
        } else {
            bytes = VERSION.length + status.codeAsText().length() + 1 + status.reasonPhrase().length()
                    + CONTENT_TYPE.length + (vary ? VARY.length : 0);
        }
        if (sessionId != null) {
            bytes += SESSION.length + sessionId.length() + 2;
        }
        if (!keepAlive) {
            bytes += CLOSE.length;
        }
        return bytes + LENGTH.length + digits(length) + 4;
    }

    /** The status line and headers of a body of {@code length} bytes, with the blank line after them. */
    private void writeHead(ByteBuf out, int length, boolean keepAlive) {
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
            out.writeCharSequence(sessionId, StandardCharsets.US_ASCII); // one byte per char, as headBytes counts
            out.writeShort(CRLF);
        }
        if (!keepAlive) {
            out.writeBytes(CLOSE);
        }
        out.writeBytes(LENGTH);
        writeDecimal(out, length);
        out.writeShort(CRLF);
        out.writeShort(CRLF);
    }

    private static int digits(int value) {
        int n = 1;
        for (int v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
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
