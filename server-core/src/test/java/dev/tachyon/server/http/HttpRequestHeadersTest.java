package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
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
}
