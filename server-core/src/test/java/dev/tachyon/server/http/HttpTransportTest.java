package dev.tachyon.server.http;

import dev.tachyon.server.testing.TestServer;
import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.testing.McpHttpClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.testing.RawHttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Sessions, JSON answers and the request rules of Streamable HTTP, over real sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpTransportTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @RegisterExtension
    static final TestServer server = HttpTools.server();
    private static McpHttpClient client;

    @BeforeAll
    static void client() {
        client = server.httpClient();
    }

    @Test
    void initializeIssuesAVisibleAsciiRandomSessionId() throws Exception {
        HttpResponse<String> first = client.send(client.post(null, INITIALIZE));
        HttpResponse<String> second = client.send(client.post(null, INITIALIZE));
        assertEquals(200, first.statusCode());
        assertEquals("application/json", first.headers().firstValue("Content-Type").orElseThrow());
        String id = first.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(id.length() >= 22, id);
        assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), id);
        assertNotEquals(id, second.headers().firstValue("Mcp-Session-Id").orElseThrow());
        Map<String, Object> body = McpHttpClient.json(first.body());
        assertEquals("2025-11-25", ((Map<?, ?>) body.get("result")).get("protocolVersion"));
    }

    @Test
    void failedInitializeOpensNoSession() throws Exception {
        HttpResponse<String> r = client.send(client.post(null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"));
        assertEquals(200, r.statusCode());
        assertTrue(McpHttpClient.json(r.body()).containsKey("error"), r.body());
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty());
    }

    @Test
    void requestAnsweredWithJson() throws Exception {
        String session = client.initialize();
        HttpResponse<String> r = client.send(client.post(session, McpHttpClient.call(3, "echo", "{\"text\":\"hi\"}")));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = McpHttpClient.json(r.body());
        assertEquals(3L, body.get("id"));
        assertTrue(r.body().contains("\"text\":\"hi\""), r.body());
    }

    @Test
    void notificationsAndResponsesAreAccepted() throws Exception {
        String session = client.initialize();
        HttpResponse<String> notification = client.send(client.post(session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}"));
        assertEquals(202, notification.statusCode());
        assertEquals("", notification.body());
        HttpResponse<String> response = client.send(client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}"));
        assertEquals(202, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void requestWithoutSessionIdIs400() throws Exception {
        // A 2025 client (its version header, no stateless _meta) must name its session.
        HttpResponse<String> r = client.send(client.post(null, PING).header("MCP-Protocol-Version", "2025-11-25"));
        assertEquals(400, r.statusCode());
        assertEquals(-32600L, ((Map<?, ?>) McpHttpClient.json(r.body()).get("error")).get("code"));
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(client.uri())
                .header("Accept", "text/event-stream").header("MCP-Protocol-Version", "2025-11-25").GET());
        assertEquals(400, get.statusCode());
        // Without either, the request is a stateless one (2026-07-28), which lacks its _meta...
        HttpResponse<String> stateless = client.send(client.post(null, PING));
        assertEquals(400, stateless.statusCode());
        assertEquals(-32602L, ((Map<?, ?>) McpHttpClient.json(stateless.body()).get("error")).get("code"));
        // ...and that revision has no GET stream.
        HttpResponse<String> statelessGet = client.send(HttpRequest.newBuilder(client.uri())
                .header("Accept", "text/event-stream").GET());
        assertEquals(405, statelessGet.statusCode());
    }

    @Test
    void unknownSessionIs404() throws Exception {
        assertEquals(404, client.send(client.post("no-such-session", PING)).statusCode());
        assertEquals(404, client.send(client.get("no-such-session", null)).statusCode());
        assertEquals(404, client.send(client.delete("no-such-session")).statusCode());
    }

    @Test
    void deleteEndsTheSession() throws Exception {
        String session = client.initialize();
        assertEquals(200, client.send(client.post(session, PING)).statusCode());
        int before = ServerInternals.engine(server.server()).catalogs().sessions().size();
        assertEquals(200, client.send(client.delete(session)).statusCode());
        assertEquals(before - 1, ServerInternals.engine(server.server()).catalogs().sessions().size());
        assertEquals(404, client.send(client.post(session, PING)).statusCode());
        assertEquals(404, client.send(client.get(session, null)).statusCode());
        assertEquals(404, client.send(client.delete(session)).statusCode());
    }

    @Test
    void acceptMustListJsonAndEventStream() throws Exception {
        String session = client.initialize();
        for (String accept : List.of("application/json", "text/event-stream", "*/*",
                "application/json, text/event-stream;q=0")) {
            HttpResponse<String> r = client.send(client.post(session, PING).setHeader("Accept", accept));
            assertEquals(406, r.statusCode(), accept);
        }
        HttpResponse<String> ok = client.send(client.post(session, PING)
                .setHeader("Accept", "Application/JSON;q=0.9, text/event-stream"));
        assertEquals(200, ok.statusCode());
        HttpResponse<String> get = client.send(client.get(session, null).setHeader("Accept", "application/json"));
        assertEquals(406, get.statusCode());
    }

    @Test
    void contentTypeMustBeJson() throws Exception {
        String session = client.initialize();
        HttpResponse<String> r = client.send(client.post(session, PING).setHeader("Content-Type", "text/plain"));
        assertEquals(415, r.statusCode());
        HttpResponse<String> ok = client.send(client.post(session, PING)
                .setHeader("Content-Type", "application/json; charset=utf-8"));
        assertEquals(200, ok.statusCode());
    }

    @Test
    void unsupportedProtocolVersionIs400() throws Exception {
        String session = client.initialize();
        HttpResponse<String> r = client.send(client.post(session, PING).setHeader("MCP-Protocol-Version", "1999-01-01"));
        assertEquals(400, r.statusCode());
        for (String v : List.of("2025-11-25", "2025-06-18")) {
            assertEquals(200, client.send(client.post(session, PING).setHeader("MCP-Protocol-Version", v)).statusCode());
        }
        // 2025-03-26 is not a revision initialize negotiates, so no session can be speaking it.
        HttpResponse<String> old = client.send(client.post(session, PING).setHeader("MCP-Protocol-Version", "2025-03-26"));
        assertEquals(400, old.statusCode());
        assertTrue(old.body().contains("supported: 2025-11-25, 2025-06-18"), old.body());
        assertEquals(400, client.send(client.get(session, null).setHeader("MCP-Protocol-Version", "nope")).statusCode());
    }

    @Test
    void batchIsRejected() throws Exception {
        String session = client.initialize();
        HttpResponse<String> r = client.send(client.post(session, " [" + PING + "," + PING + "]"));
        assertEquals(400, r.statusCode());
        Map<?, ?> error = (Map<?, ?>) McpHttpClient.json(r.body()).get("error");
        assertEquals(-32600L, error.get("code"));
        assertNull(McpHttpClient.json(r.body()).get("id"));
        assertEquals(400, client.send(client.post(null, "[" + INITIALIZE + "]")).statusCode());
    }

    @Test
    void malformedMessagesAre400WithTheirErrorAndTheSessionGoesOn() throws Exception {
        String session = client.initialize();
        HttpResponse<String> parse = client.send(client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,"));
        assertEquals(400, parse.statusCode());
        assertTrue(parse.body().contains("\"code\":-32700") && parse.body().contains("\"id\":null"), parse.body());
        HttpResponse<String> invalid = client.send(client.post(session, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"));
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("\"code\":-32600"), invalid.body());
        assertEquals(200, client.send(client.post(session, PING)).statusCode());
    }

    @Test
    void browserClientsGetCorsPreflightsAndReadableSessionHeaders() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(client.uri())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, mcp-session-id, mcp-param-region")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("*"));
        // No quoted "date" (Netty's default folds the HTTP-date's comma into a quoted list value).
        preflight.headers().firstValue("Date").ifPresent(date -> assertFalse(date.startsWith("\""), date));
        assertEquals("0", preflight.headers().firstValue("Content-Length").orElse(null));

        HttpResponse<String> initialized = client.send(client.post(null, INITIALIZE).header("Origin", "http://localhost:6274"));
        assertEquals(200, initialized.statusCode());
        assertEquals("*", initialized.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(String.join(",", initialized.headers().allValues("Access-Control-Expose-Headers"))
                .toLowerCase(java.util.Locale.ROOT).contains("mcp-session-id"), initialized.headers().toString());

        // The allow-list still decides who may talk: another origin is refused.
        HttpResponse<String> foreign = client.send(client.post(null, INITIALIZE).header("Origin", "http://evil.example.com"));
        assertEquals(403, foreign.statusCode());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String session = client.initialize();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}}";
        assertEquals(413, client.send(client.post(session, big)).statusCode());
        assertEquals(200, client.send(client.post(session, PING)).statusCode());
    }

    @Test
    void oversizedRequestIsAnsweredInItsTurn() throws Exception {
        String session = client.initialize();
        String host = "127.0.0.1:" + server.httpAddress().getPort();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(70 * 1024) + "\"}}";
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(RawHttpConnection.postTo(host, McpHttpClient.call(1, "sleep", "{\"ms\":300}"), "Mcp-Session-Id: " + session)
                    + RawHttpConnection.postTo(host, big, "Mcp-Session-Id: " + session)
                    + RawHttpConnection.postTo(host, PING, "Mcp-Session-Id: " + session));
            RawHttpResponse slow = raw.read();
            assertEquals(200, slow.status());
            assertTrue(slow.body().contains("slept"), slow.body());
            assertEquals(413, raw.read().status());
            assertEquals(200, raw.read().status(), "the connection goes on after the oversized body");
        }
    }

    @Test
    void otherMethodsAre405AndOtherPaths404() throws Exception {
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(client.uri())
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST, DELETE", put.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(client.uri().resolve("/other"))
                .header("Accept", McpHttpClient.ACCEPT_BOTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));
        assertEquals(404, elsewhere.statusCode());
    }

    @Test
    void foreignHostOrOriginIs403() throws Exception {
        int port = server.httpAddress().getPort();
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(RawHttpConnection.postTo("evil.example.com:" + port, INITIALIZE, "Origin: http://evil.example.com:" + port));
            assertEquals(403, raw.read().status());
            raw.write(RawHttpConnection.postTo("evil.example.com", INITIALIZE));
            assertEquals(403, raw.read().status());
            raw.write(RawHttpConnection.postTo("127.0.0.1:" + port, INITIALIZE, "Origin: http://evil.example.com"));
            assertEquals(403, raw.read().status());
            raw.write(RawHttpConnection.postTo("127.0.0.1:" + port, INITIALIZE, "Origin: null"));
            assertEquals(403, raw.read().status());
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST")) {
                raw.write(RawHttpConnection.postTo(host, INITIALIZE, "Origin: http://" + host));
                RawHttpResponse ok = raw.read();
                assertEquals(200, ok.status(), host);
                assertTrue(ok.header("Mcp-Session-Id") != null, host);
            }
            // An allowed Host is remembered on the connection: a foreign one after it, or the same
            // with a foreign Origin, is still refused.
            String allowed = "127.0.0.1:" + port;
            raw.write(RawHttpConnection.postTo(allowed, INITIALIZE));
            assertEquals(200, raw.read().status());
            raw.write(RawHttpConnection.postTo(allowed, INITIALIZE));
            assertEquals(200, raw.read().status());
            raw.write(RawHttpConnection.postTo(allowed, INITIALIZE, "Origin: http://evil.example.com"));
            assertEquals(403, raw.read().status());
            raw.write(RawHttpConnection.postTo("evil.example.com:" + port, INITIALIZE));
            assertEquals(403, raw.read().status());
            raw.write(RawHttpConnection.postTo(allowed, INITIALIZE));
            assertEquals(200, raw.read().status());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String session = client.initialize();
        String host = "127.0.0.1:" + server.httpAddress().getPort();
        String[] headers = {"Mcp-Session-Id: " + session};
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            batch.append(RawHttpConnection.postTo(host, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\"}", headers));
        }
        batch.append(RawHttpConnection.postTo(host, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}", headers));
        batch.append(RawHttpConnection.postTo(host, McpHttpClient.call(6, "chatty", "{}"), "Mcp-Session-Id: " + session,
                "Accept: application/json"));
        batch.append(RawHttpConnection.postTo(host, McpHttpClient.call(7, "echo", "{\"text\":\"last\"}"), headers));
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(batch.toString());
            for (int i = 1; i <= 5; i++) {
                RawHttpResponse r = raw.read();
                assertEquals(200, r.status());
                assertEquals((long) i, McpHttpClient.json(r.body()).get("id"));
            }
            assertEquals(202, raw.read().status());
            assertEquals(406, raw.read().status()); // Accept without text/event-stream, request left out
            RawHttpResponse last = raw.read();
            assertEquals(7L, McpHttpClient.json(last.body()).get("id"));
            raw.write(RawHttpConnection.postTo(host, PING, "Mcp-Session-Id: " + session, "Connection: close"));
            RawHttpResponse closing = raw.read();
            assertEquals(200, closing.status());
            assertEquals("close", closing.header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void threeConcurrentPostsOnOneSessionAllSucceed() throws Exception {
        String session = client.initialize();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(client.post(session, McpHttpClient.call(10, "rendezvous", "{}")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"met\""), r.body());
        }
    }

    @Test
    void sessionsHopToTheirOwnEventLoop() throws Exception {
        // Many sessions over fresh connections land on both loops; each keeps answering on any connection.
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(client.initialize());
        }
        for (String session : sessions) {
            try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
                raw.write(RawHttpConnection.postTo("localhost", McpHttpClient.call(1, "echo", "{\"text\":\"" + session + "\"}"),
                        "Mcp-Session-Id: " + session));
                RawHttpResponse r = raw.read();
                assertEquals(200, r.status());
                assertTrue(r.body().contains(session));
            }
        }
        assertFalse(sessions.isEmpty());
    }
}
