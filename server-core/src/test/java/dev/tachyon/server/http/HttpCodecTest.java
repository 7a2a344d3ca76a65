package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict codec, fed one byte at a time: what it rejects, and the phase it reports. */
class HttpCodecTest {

    private static final String POST = "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello";

    @Test
    void phasesFollowTheRequestByteByByte() {
        HttpCodec codec = new HttpCodec(16 * 1024);
        EmbeddedChannel ch = new EmbeddedChannel(codec);
        assertEquals(HttpCodec.IDLE, codec.phase());
        byte[] bytes = POST.getBytes(StandardCharsets.US_ASCII);
        int headersEnd = POST.indexOf("\r\n\r\n") + 4;
        for (int i = 0; i < bytes.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[i]}));
            int expected = i + 1 < headersEnd ? HttpCodec.HEADERS : i + 1 < bytes.length ? HttpCodec.BODY : HttpCodec.IDLE;
            assertEquals(expected, codec.phase(), "after byte " + i);
        }
        assertEquals(1, codec.requests());
        List<HttpObject> read = readAll(ch);
        assertInstanceOf(HttpRequest.class, read.get(0));
        assertInstanceOf(LastHttpContent.class, read.get(read.size() - 1));
        release(read);
        ch.writeInbound(Unpooled.copiedBuffer(POST + POST, StandardCharsets.US_ASCII));
        assertEquals(3, codec.requests(), "two pipelined requests in one read");
        assertEquals(HttpCodec.IDLE, codec.phase());
        release(readAll(ch));
        assertFalse(ch.finish());
    }

    @Test
    void smugglingShapesAreDecoderFailures() {
        for (String request : List.of(
                "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
                "POST /mcp HTTP/1.0\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy",
                "POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "GET /mcp HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /mcp HTTP/3.0\r\nHost: a\r\n\r\n",
                "GET /mcp HTTP/1.2\r\nHost: a\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                "GET /mcp HTTP/1.1\r\nX-Host: a\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nHOST: a\r\nhost: a\r\nContent-Length: 0\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nHost: a\r\nCONTENT-LENGTH: 1\r\ncontent-length: 1\r\n\r\nx",
                // No Host in the head, one in the chunked body's trailer: the trailer does not count.
                "POST /mcp HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nHost: a\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nHost: a\r\n\r\n",
                "POST /mcp HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")) {
            HttpCodec codec = new HttpCodec(16 * 1024);
            EmbeddedChannel ch = new EmbeddedChannel(codec);
            ch.writeInbound(Unpooled.copiedBuffer(request + "GET /mcp HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));
            List<HttpObject> read = readAll(ch);
            assertTrue(read.get(0).decoderResult().isFailure(), request);
            assertEquals(1, read.stream().filter(o -> o instanceof HttpRequest).count(),
                    "nothing after a malformed request is decoded: " + request);
            assertTrue(codec.failed());
            assertEquals(HttpCodec.IDLE, codec.phase());
            if (request.contains("HTTP/3.0") || request.contains("HTTP/1.2")) {
                assertInstanceOf(HttpCodec.UnsupportedVersion.class, read.get(0).decoderResult().cause());
            }
            if (request.contains("gzip")) {
                assertInstanceOf(HttpCodec.UnsupportedCoding.class, read.get(0).decoderResult().cause());
            }
            release(read);
            assertFalse(ch.finish());
        }
    }

    @Test
    void wellFramedShapesAreAcceptedWhole() {
        for (String request : List.of(
                POST,
                "POST /mcp HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
                "post /mcp HTTP/1.1\r\nhost: a\r\ncontent-length: 5\r\n\r\nhello",
                "POST /mcp HTTP/1.1\r\nHOST: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
                "GET /mcp HTTP/1.0\r\n\r\n")) {
            HttpCodec codec = new HttpCodec(16 * 1024);
            EmbeddedChannel ch = new EmbeddedChannel(codec);
            ch.writeInbound(Unpooled.copiedBuffer(request + "GET /mcp HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));
            List<HttpObject> read = readAll(ch);
            assertTrue(read.stream().allMatch(o -> o.decoderResult().isSuccess()), request);
            List<HttpRequest> requests = read.stream().filter(o -> o instanceof HttpRequest).map(o -> (HttpRequest) o)
                    .toList();
            assertEquals(2, requests.size(), request);
            assertEquals(request.substring(0, request.indexOf(' ')), requests.get(0).method().name(), request);
            assertEquals(request.substring(request.indexOf("HTTP/"), request.indexOf("HTTP/") + 8),
                    requests.get(0).protocolVersion().text(), request);
            assertEquals(2, codec.requests());
            assertFalse(codec.failed());
            assertEquals(HttpCodec.IDLE, codec.phase());
            release(read);
            assertFalse(ch.finish());
        }
    }

    @Test
    void headersOverTheLimitAreRefusedAndUnderItAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpCodec(16 * 1024));
        String token = "Authorization: Bearer " + "t".repeat(12 * 1024) + "\r\n"; // over Netty's 8 KiB default
        ch.writeInbound(Unpooled.copiedBuffer("GET /mcp HTTP/1.1\r\nHost: a\r\n" + token + "\r\n", StandardCharsets.US_ASCII));
        List<HttpObject> read = readAll(ch);
        assertTrue(read.get(0).decoderResult().isSuccess());
        release(read);
        assertFalse(ch.finish());

        EmbeddedChannel over = new EmbeddedChannel(new HttpCodec(16 * 1024));
        over.writeInbound(Unpooled.copiedBuffer("GET /mcp HTTP/1.1\r\nHost: a\r\n" + token + token + "\r\n",
                StandardCharsets.US_ASCII));
        read = readAll(over);
        assertInstanceOf(TooLongHttpHeaderException.class, read.get(0).decoderResult().cause());
        release(read);
        assertFalse(over.finish());
    }

    @Test
    void aHeadResponseGoesOutWithoutItsBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpCodec(16 * 1024));
        ch.writeInbound(Unpooled.copiedBuffer("HEAD /mcp HTTP/1.1\r\nHost: a\r\n\r\n" + POST, StandardCharsets.US_ASCII));
        release(readAll(ch));
        ch.writeOutbound(response("not for HEAD"));
        ch.writeOutbound(response("for POST"));
        String out = outbound(ch);
        assertFalse(out.contains("not for HEAD"), out);
        assertTrue(out.contains("content-length: 12"), "HEAD keeps the length it would have had: " + out);
        assertTrue(out.endsWith("for POST"), out);
        assertFalse(ch.finish());
    }

    private static DefaultFullHttpResponse response(String body) {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
        r.headers().set("content-length", body.length());
        return r;
    }

    private static String outbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }

    private static List<HttpObject> readAll(EmbeddedChannel ch) {
        List<HttpObject> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((HttpObject) o);
        }
        return out;
    }

    private static void release(List<HttpObject> objects) {
        for (HttpObject o : objects) {
            if (o instanceof HttpContent || o instanceof io.netty.util.ReferenceCounted) {
                ReferenceCountUtil.release(o);
            }
        }
    }

    @Test
    void inputEndingMidRequestIsAFailureCountedOnce() {
        HttpCodec codec = new HttpCodec(16 * 1024);
        EmbeddedChannel ch = new EmbeddedChannel(codec);
        ch.writeInbound(Unpooled.copiedBuffer("HEAD /mcp HTTP/1.1\r\nHost: a\r\n\r\nGET /mcp HTTP/1.1\r\nHos",
                StandardCharsets.US_ASCII));
        assertEquals(HttpCodec.HEADERS, codec.phase());
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        List<HttpObject> read = readAll(ch);
        assertTrue(read.get(read.size() - 1).decoderResult().isFailure(), "the cut request is a failure");
        assertTrue(codec.failed());
        assertEquals(HttpCodec.IDLE, codec.phase());
        release(read);
        ch.writeOutbound(response("not for HEAD"));
        ch.writeOutbound(response("for the cut GET"));
        String out = outbound(ch);
        assertFalse(out.contains("not for HEAD"), out);
        assertTrue(out.endsWith("for the cut GET"), "each request's method is queued once: " + out);
        assertFalse(ch.finish());
    }

    @Test
    void anInterimResponseAnswersNoRequest() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpCodec(16 * 1024));
        ch.writeInbound(Unpooled.copiedBuffer("HEAD /mcp HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));
        release(readAll(ch));
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        ch.writeOutbound(response("body"));
        String out = outbound(ch);
        assertTrue(out.startsWith("HTTP/1.1 100 Continue"), out);
        assertFalse(out.endsWith("body"), "the HEAD's response is still the one without a body: " + out);
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }
}
