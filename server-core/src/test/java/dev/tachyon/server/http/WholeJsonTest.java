package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A whole JSON response written as bytes: exactly what Netty's encoder writes for the response object it stands for. */
class WholeJsonTest {

    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}";

    @Test
    void bytesAreThoseOfNettysEncoderForTheSameResponse() {
        for (HttpResponseStatus status : new HttpResponseStatus[] {HttpResponseStatus.OK, HttpResponseStatus.BAD_REQUEST,
                HttpResponseStatus.TOO_MANY_REQUESTS}) {
            for (boolean vary : new boolean[] {false, true}) {
                for (String session : new String[] {null, "3f2a-77", "n".repeat(50), "n".repeat(51), "s".repeat(200)}) {
                    for (boolean keepAlive : new boolean[] {false, true}) {
                        for (String body : new String[] {BODY, "", "x".repeat(12_345)}) {
                            String expected = netty(status, body, vary, session, keepAlive);
                            String what = status + " vary " + vary + " session " + session + " keepAlive " + keepAlive;
                            assertEquals(expected, encoded(status, body, vary, session, keepAlive, false), what);
                            assertEquals(expected, encoded(status, body, vary, session, keepAlive, true), what + " in place");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCodecWritesTheBytesAsTheyAreAndAHeadsWithoutItsBody() {
        HttpCodec codec = new HttpCodec(8192);
        EmbeddedChannel ch = new EmbeddedChannel(codec);
        ch.writeInbound(Unpooled.copiedBuffer("HEAD /mcp HTTP/1.1\r\nHost: a\r\n\r\nPOST /mcp HTTP/1.1\r\nHost: a\r\n"
                + "Content-Length: 0\r\n\r\n", StandardCharsets.US_ASCII));
        for (Object read; (read = ch.readInbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(read);
        }
        String head = netty(HttpResponseStatus.OK, "", false, null, true);
        ch.writeOutbound(json(BODY).encode(ByteBufAllocator.DEFAULT, true));
        ch.writeOutbound(json(BODY).encode(ByteBufAllocator.DEFAULT, true));
        assertEquals(head.replace("content-length: 0", "content-length: " + BODY.length()), read(ch),
                "the HEAD's answer has no body");
        assertEquals(head.replace("content-length: 0", "content-length: " + BODY.length()) + BODY, read(ch));
        assertFalse(ch.finish());
    }

    @Test
    void theBodyIsReleasedWhenEncoded() {
        WholeJson json = json(BODY);
        ByteBuf body = json.content();
        WholeJson.Encoded encoded = json.encode(ByteBufAllocator.DEFAULT, true);
        assertEquals(0, body.refCnt());
        assertTrue(encoded.release());
    }

    @Test
    void aBodyWithRoomInFrontIsSentWithoutACopyAndTheHeadFitsTheRoomOfA200WithEverything() {
        ByteBuf body = engineBuffer(BODY);
        WholeJson.Encoded encoded = new WholeJson(HttpResponseStatus.OK, body, true, "node-7." + "i".repeat(22))
                .encode(ByteBufAllocator.DEFAULT, false);
        try {
            assertSame(body, encoded.content(), "the head went in front of the body, in its buffer");
            assertEquals(1, body.refCnt());
            assertTrue(body.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200 OK\r\n"));
        } finally {
            encoded.release();
        }
        assertEquals(0, body.refCnt());
    }

    @Test
    void aBodyOthersCanSeeIsNotWrittenInFront() {
        ByteBuf shared = engineBuffer(BODY);
        shared.retain(); // someone else still holds it (an event log, say)
        ByteBuf before = shared.copy(0, WholeJson.HEAD_ROOM);
        WholeJson.Encoded encoded = new WholeJson(HttpResponseStatus.OK, shared, false, null)
                .encode(ByteBufAllocator.DEFAULT, true);
        try {
            assertNotSame(shared, encoded.content());
            assertEquals(before, shared.slice(0, WholeJson.HEAD_ROOM), "the room in front was left as it was");
            assertEquals(1, shared.refCnt(), "this response's reference was released");
        } finally {
            encoded.release();
            shared.release();
            before.release();
        }
        ByteBuf view = engineBuffer(BODY);
        WholeJson.Encoded fromView = new WholeJson(HttpResponseStatus.OK, view.retainedSlice(10, view.writerIndex() - 10)
                .readerIndex(WholeJson.HEAD_ROOM - 10), false, null).encode(ByteBufAllocator.DEFAULT, true);
        try {
            assertEquals(netty(HttpResponseStatus.OK, BODY, false, null, true),
                    fromView.content().toString(StandardCharsets.UTF_8), "a view's bytes are copied after a new head");
            assertEquals(0, view.getByte(WholeJson.HEAD_ROOM - 1), "the viewed buffer was not written in front");
        } finally {
            fromView.release();
            view.release();
        }
    }

    /** A buffer as the engine gets it from the HTTP transport, with the answer written into it. */
    private static ByteBuf engineBuffer(String body) {
        ByteBuf buffer = WholeJson.responseBuffer(ByteBufAllocator.DEFAULT, 256, 1 << 20);
        buffer.setZero(0, WholeJson.HEAD_ROOM);
        buffer.writeCharSequence(body, StandardCharsets.UTF_8);
        return buffer;
    }

    private static WholeJson json(String body) {
        return new WholeJson(HttpResponseStatus.OK, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false, null);
    }

    private static String read(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    private static String encoded(HttpResponseStatus status, String body, boolean vary, String session,
            boolean keepAlive, boolean engineBuffer) {
        ByteBuf bytes = engineBuffer ? engineBuffer(body) : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        WholeJson.Encoded e = new WholeJson(status, bytes, vary, session).encode(ByteBufAllocator.DEFAULT, keepAlive);
        try {
            return e.content().toString(StandardCharsets.UTF_8);
        } finally {
            e.release();
        }
    }

    /** The response object as HttpResponder and HttpConnection build it for a whole JSON answer, through Netty's encoder. */
    private static String netty(HttpResponseStatus status, String body, boolean vary, String session, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (vary) {
            response.headers().set(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (session != null) {
            response.headers().set(HttpResponder.SESSION_ID, session);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder());
        ch.writeOutbound(response);
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        assertFalse(ch.finish());
        return out.toString();
    }
}
