package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder's request heads answer its framing questions from its counts while it reads them:
 * the bodies come out as framed, and every map answers as the stock one does afterwards.
 */
class DecodedHeadersTest {

    @Test
    void bodiesAreFramedAsTheHeadsSay() {
        for (String[] shape : List.of(
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", "hello"},
                new String[] {"POST /mcp HTTP/1.1\r\nhost: a\r\ncontent-length: 5\r\n\r\nhello", "hello"},
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\nCONTENT-LENGTH: 005\r\n\r\nhello", "hello"},
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nContent-Length: 3\r\nX-B: 2\r\n\r\nabc", "abc"},
                // A folded header just before the length: the value added under the length's name is its own.
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\nX-F: 1\r\n 2\r\nContent-Length: 4\r\n\r\nwxyz", "wxyz"},
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                    "hello"},
                new String[] {"POST /mcp HTTP/1.1\r\nHost: a\r\ntransfer-encoding: Chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n",
                    "hi"},
                new String[] {"GET /mcp HTTP/1.1\r\nHost: a\r\n\r\n", ""})) {
            String request = shape[0];
            for (int split : new int[] {request.length(), 1}) {
                EmbeddedChannel ch = new EmbeddedChannel(new HttpCodec(16 * 1024));
                byte[] bytes = (request + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int at = 0; at < bytes.length; at += split) {
                    ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(split, bytes.length - at)));
                }
                List<HttpObject> read = new ArrayList<>();
                for (Object o; (o = ch.readInbound()) != null; ) {
                    read.add((HttpObject) o);
                }
                try {
                    assertTrue(read.stream().allMatch(o -> o.decoderResult().isSuccess()), request);
                    List<HttpRequest> heads = read.stream().filter(o -> o instanceof HttpRequest)
                            .map(o -> (HttpRequest) o).toList();
                    assertEquals(2, heads.size(), request);
                    assertEquals("/next", heads.get(1).uri(), request);
                    StringBuilder body = new StringBuilder();
                    for (HttpObject o : read.subList(1, read.indexOf(heads.get(1)))) {
                        body.append(((HttpContent) o).content().toString(StandardCharsets.US_ASCII));
                    }
                    assertEquals(shape[1], body.toString(), request);
                    for (HttpRequest head : heads) {
                        assertInstanceOf(DecodedHeaders.class, head.headers());
                        assertAnswersAsStock(head.headers());
                    }
                } finally {
                    read.forEach(ReferenceCountUtil::release);
                }
                assertFalse(ch.finish());
            }
        }
    }

    @Test
    void aMapTheDecoderIsNotReadingWalks() {
        HttpHeaders headers = DecodedHeaders.FACTORY.newHeaders();
        headers.add(HttpHeaderNames.CONTENT_LENGTH, "5");
        headers.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        assertEquals(List.of("5"), headers.getAll(HttpHeaderNames.CONTENT_LENGTH));
        assertTrue(headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true));
    }

    @Test
    void aChangeEndsTheCountedAnswers() {
        DecodedHeaders headers = (DecodedHeaders) DecodedHeaders.FACTORY.newHeaders();
        headers.reading();
        headers.contentLengthNamed(HttpHeaderNames.CONTENT_LENGTH);
        headers.add(HttpHeaderNames.CONTENT_LENGTH, "5");
        assertEquals(List.of("5"), headers.getAll(HttpHeaderNames.CONTENT_LENGTH));
        headers.set(HttpHeaderNames.CONTENT_LENGTH, "7");
        headers.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        assertEquals(List.of("7"), headers.getAll(HttpHeaderNames.CONTENT_LENGTH));
        assertTrue(headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true));
    }

    /** What the framing questions get from {@code headers} is what a stock map of the same entries gives. */
    private static void assertAnswersAsStock(HttpHeaders headers) {
        HttpHeaders stock = new DefaultHttpHeaders().add(headers);
        assertEquals(stock.getAll(HttpHeaderNames.CONTENT_LENGTH), headers.getAll(HttpHeaderNames.CONTENT_LENGTH));
        assertEquals(stock.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true),
                headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true));
    }
}
