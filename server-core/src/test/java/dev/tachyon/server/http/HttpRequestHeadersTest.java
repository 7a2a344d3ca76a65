package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link RequestHeaders}: one pass over the headers reads what the look-ups it replaces read. */
class HttpRequestHeadersTest {

    private static HttpRequest request(HttpVersion version, String... nameValues) {
        HttpRequest r = new DefaultHttpRequest(version, HttpMethod.POST, "/mcp");
        for (int i = 0; i < nameValues.length; i += 2) {
            r.headers().add(nameValues[i], nameValues[i + 1]);
        }
        return r;
    }

    @Test
    void eachValueIsTheFirstOfItsNameInAnyCase() {
        HttpRequest r = request(HttpVersion.HTTP_1_1, "HOST", "a", "host", "b", "oRiGiN", "http://o", "Origin", "x",
                "content-type", "application/json", "Content-Type", "text/plain", "mcp-session-id", "s1",
                "Mcp-Session-Id", "s2", "mcp-protocol-version", "2025-06-18", "MCP-Protocol-Version", "x",
                "ACCEPT-ENCODING", "gzip", "Accept-Encoding", "br", "X-Other-Header", "v");
        RequestHeaders h = RequestHeaders.of(r);
        assertEquals(r.headers().get("Host"), h.host());
        assertEquals("a", h.host());
        assertEquals("http://o", h.origin());
        assertEquals("application/json", h.contentType());
        assertEquals("s1", h.sessionId());
        assertEquals("2025-06-18", h.protocolVersion());
        assertEquals("gzip", h.acceptEncoding());
        assertTrue(h.all() == r.headers());
    }

    @Test
    void absentHeadersAreNull() {
        RequestHeaders h = RequestHeaders.of(request(HttpVersion.HTTP_1_1, "Hosts", "a", "Origin-X", "b"));
        assertNull(h.host());
        assertNull(h.origin());
        assertNull(h.contentType());
        assertNull(h.sessionId());
        assertNull(h.protocolVersion());
        assertNull(h.acceptEncoding());
        assertFalse(h.accepts(RequestRules.JSON));
    }

    @Test
    void everyAcceptValueCounts() {
        RequestHeaders one = RequestHeaders.of(request(HttpVersion.HTTP_1_1, "accept", "application/json, text/event-stream"));
        assertTrue(one.accepts(RequestRules.JSON));
        assertTrue(one.accepts(RequestRules.EVENT_STREAM));
        RequestHeaders two = RequestHeaders.of(request(HttpVersion.HTTP_1_1, "Accept", "application/json",
                "ACCEPT", "text/event-stream;q=0.5"));
        assertTrue(two.accepts(RequestRules.JSON));
        assertTrue(two.accepts(RequestRules.EVENT_STREAM));
        RequestHeaders zero = RequestHeaders.of(request(HttpVersion.HTTP_1_1, "Accept", "text/html",
                "Accept", "text/event-stream;q=0"));
        assertFalse(zero.accepts(RequestRules.EVENT_STREAM));
        assertFalse(zero.accepts(RequestRules.JSON));
    }

    @Test
    void keepAliveIsHttpUtilsAnswer() {
        HttpRequest[] requests = {
            request(HttpVersion.HTTP_1_1),
            request(HttpVersion.HTTP_1_0),
            request(HttpVersion.HTTP_1_1, "Connection", "close"),
            request(HttpVersion.HTTP_1_1, "connection", "Upgrade, Close"),
            request(HttpVersion.HTTP_1_0, "Connection", "keep-alive"),
            request(HttpVersion.HTTP_1_0, "CONNECTION", "foo", "Connection", "Keep-Alive"),
            request(HttpVersion.HTTP_1_1, "Connection", "keep-alive", "Connection", "close"),
        };
        for (HttpRequest r : requests) {
            assertEquals(HttpUtil.isKeepAlive(r), RequestHeaders.of(r).keepAlive(r), r.toString());
        }
        assertFalse(RequestHeaders.of(requests[2]).keepAlive(requests[2]));
        assertTrue(RequestHeaders.of(requests[4]).keepAlive(requests[4]));
    }

    private static AsciiString exact(String head, String name) {
        byte[] bytes = (head + name + ": v").getBytes(StandardCharsets.US_ASCII);
        return RequestHeaders.exactMcpName(bytes, head.length(), name.length());
    }

    @Test
    void onlyTheExactMcpSpellingsAreTheirConstants() {
        AsciiString session = exact("POST / HTTP/1.1\r\n", "Mcp-Session-Id");
        assertNotNull(session);
        assertSame(session, exact("x", "Mcp-Session-Id"));
        assertEquals("Mcp-Session-Id", session.toString());
        assertEquals("MCP-Protocol-Version", String.valueOf(exact("", "MCP-Protocol-Version")));
        assertNull(exact("", "mcp-session-id"));
        assertNull(exact("", "Mcp-Protocol-Version"));
        assertNull(exact("", "Content-Length"));
        assertNull(exact("", "Mcp-Session-Ix"));
        assertNull(exact("", "Mcp-Session-I"));
        assertNull(exact("", "X-Mcp-Session-Id"));
    }

    @Test
    void theDecodersMcpNamesAreReadInEveryCase() {
        for (String[] names : new String[][] {{"Mcp-Session-Id", "MCP-Protocol-Version"},
                {"mcp-session-id", "mcp-protocol-version"}, {"MCP-SESSION-ID", "Mcp-Protocol-Version"}}) {
            EmbeddedChannel channel = new EmbeddedChannel(new HttpCodec(8192));
            channel.writeInbound(Unpooled.copiedBuffer("POST /mcp HTTP/1.1\r\nHost: h\r\n" + names[0] + ": s1\r\n"
                    + names[1] + ": 2025-11-25\r\n" + names[0] + ": s2\r\nContent-Length: 0\r\n\r\n",
                    StandardCharsets.US_ASCII));
            HttpRequest decoded = channel.readInbound();
            ReferenceCountUtil.release(channel.readInbound());
            RequestHeaders h = RequestHeaders.of(decoded);
            assertEquals("s1", h.sessionId(), names[0]);
            assertEquals("2025-11-25", h.protocolVersion(), names[1]);
            assertEquals(decoded.headers().getAll(HttpResponder.SESSION_ID), java.util.List.of("s1", "s2"));
            assertEquals("h", h.host());
            channel.finishAndReleaseAll();
        }
    }
}
