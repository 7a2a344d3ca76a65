package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.memory.MemoryPressure;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's two paths give the same request: a body that arrives whole behind its
 * headers, and a body in pieces, chunked, or behind {@code Expect}; over the limit is still 413.
 */
class BoundedAggregatorTest {

    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final String HEAD = "POST /mcp?x=1 HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n";

    @Test
    void aBodyThatArrivesWholeOrInPiecesMakesTheSameRequest() {
        String request = HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii(request + request));
        assertRequest(ch.readInbound(), BODY);
        assertRequest(ch.readInbound(), BODY);
        for (int split : new int[] {request.indexOf("\r\n\r\n") + 4, request.length() - 3, 10}) {
            ch.writeInbound(ascii(request.substring(0, split)));
            assertNull(ch.readInbound(), "not whole yet at " + split);
            ch.writeInbound(ascii(request.substring(split)));
            assertRequest(ch.readInbound(), BODY);
        }
        ch.writeInbound(ascii(HEAD + "Content-Length: 0\r\n\r\n"));
        assertRequest(ch.readInbound(), "");
        assertFalse(ch.finish());
    }

    @Test
    void chunkedAndExpectTakeTheGeneralPath() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii(HEAD + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"jso\r\n"
                + Integer.toHexString(BODY.length() - 5) + "\r\n" + BODY.substring(5) + "\r\n0\r\n\r\n"));
        assertRequest(ch.readInbound(), BODY);
        ch.writeInbound(ascii(HEAD + "Expect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n"));
        io.netty.buffer.ByteBuf interim = ch.readOutbound();
        try {
            assertTrue(interim.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 100 Continue"),
                    "the general path answers Expect");
        } finally {
            interim.release();
        }
        ch.writeInbound(ascii(BODY));
        assertRequest(ch.readInbound(), BODY);
        assertFalse(ch.finish());
    }

    @Test
    void overTheLimitIsStillRefused() {
        EmbeddedChannel ch = channel();
        String big = "x".repeat(65);
        ch.writeInbound(ascii(HEAD + "Content-Length: 65\r\n\r\n" + big + HEAD + "Content-Length: 64\r\n\r\n"
                + big.substring(1)));
        assertInstanceOf(BoundedAggregator.TooLarge.class, ch.readInbound());
        assertRequest(ch.readInbound(), big.substring(1));
        assertFalse(ch.finish());
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpCodec(8192), new BoundedAggregator(64, MemoryPressure.none()));
    }

    private static io.netty.buffer.ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static void assertRequest(Object read, String body) {
        FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, read);
        try {
            assertTrue(request.decoderResult().isSuccess());
            assertEquals(HttpMethod.POST, request.method());
            assertEquals("/mcp?x=1", request.uri());
            assertEquals("application/json", request.headers().get(HttpHeaderNames.ACCEPT));
            assertEquals(body.length(), HttpUtil.getContentLength(request));
            assertEquals(body, request.content().toString(StandardCharsets.UTF_8));
        } finally {
            request.release();
        }
    }
}
