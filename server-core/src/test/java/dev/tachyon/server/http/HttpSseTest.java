package dev.tachyon.server.http;

import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.testing.SseReader;
import dev.tachyon.server.testing.McpHttpClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** SSE answers, the standalone GET stream, server-to-client requests, and resumption. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSseTest {

    @RegisterExtension
    static final TestServer server = HttpTools.server();
    private static McpHttpClient client;
    private static int toolCount;

    @BeforeAll
    static void client() {
        client = server.httpClient();
    }

    @Test
    void messagesBeforeTheResultTurnTheAnswerIntoAnEventStream() throws Exception {
        String session = client.initialize();
        HttpResponse<InputStream> r = client.stream(client.post(session, McpHttpClient.call(5, "chatty", "{}")));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        try (SseReader sse = new SseReader(r.body())) {
            SseReader.Event priming = sse.next();
            assertTrue(priming.isPriming(), priming.toString());
            assertEquals(500L, priming.retry());
            List<SseReader.Event> events = new ArrayList<>();
            for (SseReader.Event e; (e = sse.next()) != null; ) {
                events.add(e);
            }
            assertEquals(5, events.size(), events.toString()); // 3 progress, 1 log, the result
            Set<String> ids = new HashSet<>();
            ids.add(priming.id());
            for (SseReader.Event e : events) {
                assertTrue(ids.add(e.id()), "event ids are unique: " + e.id());
                assertNull(e.retry());
            }
            assertEquals("notifications/progress", McpHttpClient.json(events.get(0).data()).get("method"));
            assertEquals("notifications/message", McpHttpClient.json(events.get(1).data()).get("method"));
            Map<String, Object> result = McpHttpClient.json(events.get(4).data());
            assertEquals(5L, result.get("id"));
            assertTrue(events.get(4).data().contains("chatty done"));
            String stream = priming.id().substring(0, priming.id().indexOf('-'));
            assertTrue(events.stream().allMatch(e -> e.id().startsWith(stream + "-")), "one stream: " + events);
        }
    }

    @Test
    void getStreamCarriesListChanged() throws Exception {
        String session = client.initialize();
        HttpResponse<InputStream> get = client.stream(client.get(session, null));
        assertEquals(200, get.statusCode());
        assertEquals("text/event-stream", get.headers().firstValue("Content-Type").orElseThrow());
        try (SseReader sse = new SseReader(get.body())) {
            SseReader.Event priming = sse.next();
            assertTrue(priming.isPriming(), priming.toString());
            assertTrue(priming.id().startsWith("0-"), priming.id());
            addTool();
            SseReader.Event changed = sse.next();
            assertEquals("notifications/tools/list_changed", McpHttpClient.json(changed.data()).get("method"));
            assertTrue(changed.id().startsWith("0-"));
        }
    }

    @Test
    void onlyOneGetStreamPerSession() throws Exception {
        String session = client.initialize();
        HttpResponse<InputStream> first = client.stream(client.get(session, null));
        try (SseReader sse = new SseReader(first.body())) {
            assertTrue(sse.next().isPriming());
            assertEquals(409, client.send(client.get(session, null)).statusCode());
        }
    }

    @Test
    void unsolicitedMessagesWaitForTheGetStreamAndReplayAfterLastEventId() throws Exception {
        String session = client.initialize();
        addTool(); // no GET stream yet: kept in the session's log
        HttpResponse<InputStream> first = client.stream(client.get(session, null));
        String primingOrFirst;
        try (SseReader sse = new SseReader(first.body())) {
            SseReader.Event buffered = sse.next();
            assertEquals(500L, buffered.retry(), "the first event of a response carries retry");
            if (buffered.isPriming()) {
                // The change is announced on the session's event loop; when the GET was read there
                // before that task ran, the stream starts with its priming event and the change follows.
                buffered = sse.next();
            }
            assertEquals("notifications/tools/list_changed", McpHttpClient.json(buffered.data()).get("method"));
            primingOrFirst = buffered.id();
            addTool();
            SseReader.Event live = sse.next();
            assertEquals("notifications/tools/list_changed", McpHttpClient.json(live.data()).get("method"));
        } // the client drops the stream
        addTool(); // sent while no stream is open (or to the dead one): kept
        HttpResponse<InputStream> resumed = client.stream(client.get(session, primingOrFirst));
        assertEquals(200, resumed.statusCode());
        try (SseReader sse = new SseReader(resumed.body())) {
            SseReader.Event a = sse.next();
            SseReader.Event b = sse.next();
            assertEquals("notifications/tools/list_changed", McpHttpClient.json(a.data()).get("method"));
            assertEquals("notifications/tools/list_changed", McpHttpClient.json(b.data()).get("method"));
            assertTrue(seq(a.id()) > seq(primingOrFirst) && seq(b.id()) > seq(a.id()), a.id() + " " + b.id());
        }
    }

    @Test
    void badLastEventIdIs400() throws Exception {
        String session = client.initialize();
        assertEquals(400, client.send(client.get(session, "garbage")).statusCode());
        assertEquals(400, client.send(client.get(session, "999-1")).statusCode());
    }

    @Test
    void serverToClientRequestGoesOutOnThePostStream() throws Exception {
        String session = client.initialize();
        HttpResponse<InputStream> r = client.stream(client.post(session, McpHttpClient.call(8, "ask", "{}")));
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        try (SseReader sse = new SseReader(r.body())) {
            assertTrue(sse.next().isPriming());
            Map<String, Object> request = McpHttpClient.json(sse.next().data());
            assertEquals("elicitation/create", request.get("method"));
            Object id = request.get("id");
            assertNotNull(id);
            HttpResponse<String> answered = client.send(client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}"));
            assertEquals(202, answered.statusCode());
            SseReader.Event result = sse.next();
            assertEquals(8L, McpHttpClient.json(result.data()).get("id"));
            assertTrue(result.data().contains("hello Ada"), result.data());
            assertNull(sse.next(), "the stream ends after the response");
        }
    }

    @Test
    void disconnectedStreamResumesWithGetAndLastEventIdWhileTheCallRuns() throws Exception {
        String session = client.initialize();
        String lastId = pollOnce(session, 11, 400);
        HttpResponse<InputStream> resumed = client.stream(client.get(session, lastId));
        assertEquals(200, resumed.statusCode());
        try (SseReader sse = new SseReader(resumed.body())) {
            SseReader.Event event = sse.nextWithData();
            if (event.isPriming()) {
                event = sse.nextWithData();
            }
            assertEquals(11L, McpHttpClient.json(event.data()).get("id"));
            assertTrue(event.data().contains("reconnected"));
            assertNull(sse.next(), "the resumed stream ends after the response");
        }
    }

    @Test
    void disconnectedStreamReplaysTheResultAfterTheCallEnded() throws Exception {
        String session = client.initialize();
        String lastId = pollOnce(session, 12, 0);
        Thread.sleep(200); // the result is in the session's log by now
        HttpResponse<InputStream> resumed = client.stream(client.get(session, lastId));
        assertEquals(200, resumed.statusCode());
        try (SseReader sse = new SseReader(resumed.body())) {
            SseReader.Event event = sse.next();
            assertEquals(12L, McpHttpClient.json(event.data()).get("id"));
            assertEquals(500L, event.retry());
            assertTrue(event.id().startsWith(lastId.substring(0, lastId.indexOf('-') + 1)), event.id());
            assertNull(sse.next());
        }
        // Resuming again after the response: nothing more to say.
        HttpResponse<InputStream> again = client.stream(client.get(session, lastId.substring(0, lastId.indexOf('-'))
                + "-999999999"));
        assertEquals(200, again.statusCode());
        try (SseReader sse = new SseReader(again.body())) {
            assertNull(sse.next());
        }
    }

    @Test
    void standaloneStreamIsNotReplayedOnAPostStream() throws Exception {
        String session = client.initialize();
        addTool(); // kept for stream 0
        String lastId = pollOnce(session, 13, 0);
        Thread.sleep(200);
        HttpResponse<InputStream> resumed = client.stream(client.get(session, lastId));
        try (SseReader sse = new SseReader(resumed.body())) {
            SseReader.Event event = sse.next();
            assertEquals(13L, McpHttpClient.json(event.data()).get("id"), "only stream " + lastId + "'s events");
            assertNull(sse.next());
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffInsteadOfBufferedWithoutBound() throws Exception {
        String session = client.initialize();
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress(), 4096)) {
            raw.write(RawHttpConnection.postTo("localhost", McpHttpClient.call(21, "flood", "{\"count\":2000,\"size\":8192}"),
                    "Mcp-Session-Id: " + session));
            Thread.sleep(1500); // 16 MB of events pile up while the client reads nothing
            String received = raw.readToEnd(); // ends: the server closed the connection
            assertTrue(received.startsWith("HTTP/1.1 200"), received.substring(0, Math.min(200, received.length())));
            assertTrue(!received.contains("flood done"), "cut off before the result");
        }
        assertEquals(200, client.send(client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .statusCode(), "the session goes on");
    }

    /** Calls {@code reconnect}: reads the priming event, sees the stream end early; returns the last event id. */
    private static String pollOnce(String session, int id, long delayMs) throws Exception {
        HttpResponse<InputStream> r = client.stream(client.post(session,
                McpHttpClient.call(id, "reconnect", "{\"delayMs\":" + delayMs + "}")));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        String lastId = null;
        boolean retry = false;
        try (SseReader sse = new SseReader(r.body())) {
            SseReader.Event priming = sse.next();
            assertTrue(priming.isPriming(), priming.toString());
            lastId = priming.id();
            retry = priming.retry() != null;
            for (SseReader.Event e; (e = sse.next()) != null; ) {
                assertNull(e.data(), "no message before the disconnect: " + e);
                retry |= e.retry() != null;
            }
        }
        assertTrue(retry, "a retry field before the connection ends");
        return lastId;
    }

    private static long seq(String eventId) {
        return Long.parseLong(eventId.substring(eventId.indexOf('-') + 1));
    }

    private static synchronized void addTool() {
        toolCount++;
        server.server().addTool(Tool.builder("added" + toolCount)
                .description("Added at run time")
                .inline((call, result) -> result.text("added"))
                .build());
    }
}
