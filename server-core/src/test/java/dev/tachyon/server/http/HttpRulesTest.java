package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of the HTTP transport: header rules, SSE framing, the event log. */
class HttpRulesTest {

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    @Test
    void acceptListsMediaTypesExplicitly() {
        assertTrue(RequestRules.accepts(headers("Accept", "application/json, text/event-stream"), "text/event-stream"));
        assertTrue(RequestRules.accepts(headers("Accept", "text/html", "Accept", "TEXT/EVENT-STREAM;q=0.5"),
                "text/event-stream"));
        assertFalse(RequestRules.accepts(headers("Accept", "*/*"), "application/json"));
        assertFalse(RequestRules.accepts(headers("Accept", "application/json;q=0"), "application/json"));
        assertFalse(RequestRules.accepts(headers(), "application/json"));
        // Ranges read in place: spaces, empty ranges, parameters of the next range, near misses.
        assertTrue(RequestRules.accepts(headers("Accept", ",,  application/json\t , text/event-stream;q=0"), "application/json"));
        assertTrue(RequestRules.accepts(headers("Accept", "text/event-stream;q=0,application/json;q=0.1"), "application/json"));
        assertFalse(RequestRules.accepts(headers("Accept", "application/json;q=0.0, text/html"), "application/json"));
        assertFalse(RequestRules.accepts(headers("Accept", "application/jsonx, application/jso, xapplication/json"), "application/json"));
        assertFalse(RequestRules.accepts(headers("Accept", "text/event-stream;q=0,"), "text/event-stream"));
        assertTrue(RequestRules.accepts(headers("Accept", "Application/JSON ; charset=utf-8"), "application/json"));
    }

    @Test
    void contentTypeAndVersion() {
        assertTrue(RequestRules.isJson(headers("Content-Type", "application/json;charset=UTF-8")));
        assertFalse(RequestRules.isJson(headers("Content-Type", "application/jsonx")));
        assertFalse(RequestRules.isJson(headers()));
        assertTrue(RequestRules.versionAcceptable(headers()));
        assertTrue(RequestRules.versionAcceptable(headers("MCP-Protocol-Version", "2025-06-18")));
        assertFalse(RequestRules.versionAcceptable(headers("MCP-Protocol-Version", "2024-11-05")));
    }

    @Test
    void hostAndOriginNames() {
        assertEquals("localhost", RequestRules.hostName("LocalHost:8080"));
        assertEquals("::1", RequestRules.hostName("[::1]:7801"));
        assertEquals("::1", RequestRules.hostName("[::1]"));
        assertEquals("127.0.0.1", RequestRules.hostName("127.0.0.1"));
        assertEquals("evil.example.com", RequestRules.originHost("https://user@evil.example.com:443/x"));
        assertNull(RequestRules.originHost("null"));
        Set<String> allowed = HttpSettings.defaults().allowedHosts();
        assertTrue(RequestRules.hostAllowed(headers("Host", "127.0.0.1:1", "Origin", "http://localhost:3000"), allowed));
        assertTrue(RequestRules.hostAllowed(headers(), allowed));
        assertFalse(RequestRules.hostAllowed(headers("Host", "evil.example.com"), allowed));
        assertFalse(RequestRules.hostAllowed(headers("Host", "localhost", "Origin", "http://evil.example.com"), allowed));
    }

    @Test
    void allowListHoldsTheBoundHost() {
        HttpSettings s = HttpSettings.builder().host("mcp.internal").allowedHosts(List.of("Proxy.Example")).build();
        assertEquals(Set.of("proxy.example", "mcp.internal"), s.allowedHosts());
        assertEquals(Set.of("localhost", "127.0.0.1", "::1"), HttpSettings.builder().host("0.0.0.0").build().allowedHosts());
    }

    @Test
    void eventIdsRoundTrip() {
        assertArrayEquals(new long[] {3, 17}, Sse.parseId("3-17"));
        assertNull(Sse.parseId("3"));
        assertNull(Sse.parseId("-3"));
        assertNull(Sse.parseId("3-"));
        assertNull(Sse.parseId("a-1"));
        assertNull(Sse.parseId("99999999999-1"));
    }

    @Test
    void eventFraming() {
        ByteBuf data = Sse.flatten(Unpooled.copiedBuffer("{\"a\":\n1}", StandardCharsets.UTF_8));
        ByteBuf readOnly = Sse.flatten(Unpooled.copiedBuffer("{\r\n}", StandardCharsets.UTF_8).asReadOnly());
        assertEquals("{  }", readOnly.toString(StandardCharsets.UTF_8));
        readOnly.release();
        ByteBuf event = Sse.event(ByteBufAllocator.DEFAULT, 2, 9, 1000, data);
        ByteBuf priming = Sse.event(ByteBufAllocator.DEFAULT, 0, 10, -1, null);
        try {
            assertEquals("id: 2-9\nretry: 1000\ndata: {\"a\": 1}\n\n", event.toString(StandardCharsets.UTF_8));
            assertEquals("id: 0-10\ndata: \n\n", priming.toString(StandardCharsets.UTF_8));
        } finally {
            event.release();
            priming.release();
            data.release();
        }
    }

    @Test
    void eventLogEvictsTheOldestAndReleasesIt() {
        EventLog log = new EventLog(3, Long.MAX_VALUE);
        List<ByteBuf> bufs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ByteBuf b = Unpooled.directBuffer(4).writeInt(i);
            bufs.add(b);
            log.append(i % 2, i, b, false);
        }
        log.append(1, 5, null, true);
        assertEquals(0, bufs.get(0).refCnt());
        assertEquals(0, bufs.get(1).refCnt(), "evicted by the end marker");
        List<Long> seen = new ArrayList<>();
        assertEquals(2, log.replay(1, 0, (seq, payload, last) -> seen.add(seq)));
        assertEquals(List.of(3L, 5L), seen);
        assertTrue(log.holds(0));
        assertFalse(log.holds(2));
        log.clear();
        assertEquals(0, log.size());
        assertTrue(bufs.stream().allMatch(b -> b.refCnt() == 0));
    }
}
