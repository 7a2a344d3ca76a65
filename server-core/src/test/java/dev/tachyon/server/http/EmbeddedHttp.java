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

/**
 * One HTTP connection's stages as {@link HttpTransport} installs them after the shared
 * connection pipeline (codec, timeouts, aggregator, connection; CORS when a request brings an
 * {@code Origin}), on an {@link EmbeddedChannel}: a request in, the answer out as text.
 */
final class EmbeddedHttp implements AutoCloseable {

    static final String HEAD = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\n";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    final McpEngine engine;
    final HttpSessions sessions;
    final EmbeddedChannel channel;

    EmbeddedHttp(HttpSettings settings) {
        engine = new McpEngine(EngineSettings.builder().workerThreads(1).build(), new Catalogs(10));
        sessions = new HttpSessions(engine, settings);
        McpEndpoint endpoint = new McpEndpoint(settings, sessions, null);
        ConnectionBudgets budgets = new ConnectionBudgets(1 << 20);
        HttpCodec codec = new HttpCodec(settings.maxHeaderBytes());
        HttpConnection connection = new HttpConnection(endpoint, 8, 1 << 20, budgets, 0, settings.compression());
        channel = new EmbeddedChannel(codec, new HttpTimeouts(codec, connection::responding,
                settings.headerTimeout().toNanos(), settings.bodyTimeout().toNanos(), budgets.closes()),
                new BoundedAggregator(1 << 20, engine.memory()), connection);
    }

    /** Initializes a session (and sends {@code notifications/initialized}); returns its id. */
    String initialize(String... headers) {
        String answer = post(null, null, INITIALIZE, headers);
        int at = answer.indexOf("Mcp-Session-Id: ");
        assertTrue(at > 0, answer);
        String session = answer.substring(at + 16, answer.indexOf('\r', at));
        assertTrue(post(session, "2025-11-25", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers)
                .startsWith("HTTP/1.1 202 "));
        return session;
    }

    /** POSTs {@code body} with the session and version headers when not null, and {@code headers} (lines without CRLF). */
    String post(String session, String version, String body, String... headers) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(HEAD);
        if (session != null) {
            head.append("Mcp-Session-Id: ").append(session).append("\r\n");
        }
        if (version != null) {
            head.append("MCP-Protocol-Version: ").append(version).append("\r\n");
        }
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return exchange(head + "Content-Length: " + json.length + "\r\n\r\n" + body);
    }

    /** Sends {@code request} as one read, returns everything written back. */
    String exchange(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    @Override
    public void close() {
        assertFalse(channel.finishAndReleaseAll());
        engine.close();
    }
}
