package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection keeps the session and the protocol version its requests named last
 * ({@link HttpConnection#lastSession}, {@code acceptedVersion}); every answer stays the map's and
 * the rules': a session that ended (deleted, expired) is 404 on the very connection that used it,
 * another session's id is its own, and a version not supported is 400 after one that was.
 */
class HttpLastSessionTest {

    private static final String HEAD = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\n";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    private McpEngine engine;
    private HttpSessions sessions;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        engine = new McpEngine(EngineSettings.builder().workerThreads(1).build(), new Catalogs(10));
        HttpSettings settings = HttpSettings.builder().sessionIdleTimeout(Duration.ofMillis(1)).build();
        sessions = new HttpSessions(engine, settings);
        McpEndpoint endpoint = new McpEndpoint(settings, sessions, null);
        ConnectionBudgets budgets = new ConnectionBudgets(1 << 20);
        HttpCodec codec = new HttpCodec(settings.maxHeaderBytes());
        HttpConnection connection = new HttpConnection(endpoint, 8, 1 << 20, budgets, 0, settings.compression());
        channel = new EmbeddedChannel(codec, new HttpTimeouts(codec, connection::responding,
                settings.headerTimeout().toNanos(), settings.bodyTimeout().toNanos(), budgets.closes()),
                new BoundedAggregator(1 << 20, engine.memory()), BrowserAccess.handler(), connection);
    }

    @AfterEach
    void tearDown() {
        assertFalse(channel.finishAndReleaseAll());
        engine.close();
    }

    @Test
    void aDeletedSessionIs404OnTheConnectionThatUsedIt() {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(exchange("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + session
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void anExpiredSessionIs404OnTheConnectionThatUsedIt() throws InterruptedException {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        Thread.sleep(5);
        sessions.sweep(); // idle for longer than 1 ms: ended on its loop (the embedded one, at once)
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void eachIdNamesItsOwnSession() {
        String first = initialize();
        String second = initialize();
        assertTrue(post(first, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(exchange("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + first
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(post(second, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(first, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
        assertTrue(post(second, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post("no-such-session", "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void anUnsupportedVersionIs400AfterASupportedOne() {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-03-26", PING).startsWith("HTTP/1.1 400 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "1999-01-01", PING).startsWith("HTTP/1.1 400 "));
    }

    private String initialize() {
        String answer = post(null, null, INITIALIZE);
        int at = answer.indexOf("Mcp-Session-Id: ");
        assertTrue(at > 0, answer);
        String session = answer.substring(at + 16, answer.indexOf('\r', at));
        assertTrue(post(session, "2025-11-25", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .startsWith("HTTP/1.1 202 "));
        return session;
    }

    private String post(String session, String version, String body) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        return exchange(HEAD + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n")
                + (version == null ? "" : "MCP-Protocol-Version: " + version + "\r\n")
                + "Content-Length: " + json.length + "\r\n\r\n" + body);
    }

    private String exchange(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }
}
