package dev.tachyon.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tachyon.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small MCP-over-HTTP client for tests, on {@link HttpClient}. */
public final class McpHttpClient {

    public static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final HttpClient http;
    private final URI uri;

    public McpHttpClient(URI uri) {
        this(uri, null);
    }

    /** A client of {@code https://} {@code uri} using {@code tls} (trusted CAs, a client certificate); null for the JDK's default. */
    public McpHttpClient(URI uri, javax.net.ssl.SSLContext tls) {
        this.uri = uri;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    public URI uri() {
        return uri;
    }

    /** A POST builder with the headers a conforming client sends. */
    public HttpRequest.Builder post(String sessionId, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", ACCEPT_BOTH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<InputStream> stream(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Initializes a session (declaring the elicitation capability) and sends notifications/initialized. */
    public String initialize() throws IOException, InterruptedException {
        HttpResponse<String> init = send(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"));
        assertEquals(200, init.statusCode(), init.body());
        String id = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        assertNotNull(id, "initialize must name the session");
        HttpResponse<String> initialized = send(post(id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals(202, initialized.statusCode());
        return id;
    }

    /** A GET for the session's stream, optionally resuming after {@code lastEventId}. */
    public HttpRequest.Builder get(String sessionId, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", "2025-11-25")
                .GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return b;
    }

    public HttpRequest.Builder delete(String sessionId) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Mcp-Session-Id", sessionId)
                .DELETE();
    }

    public static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + ",\"_meta\":{\"progressToken\":\"p" + id + "\"}}}";
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        return (Map<String, Object>) Json.parse(text);
    }
}
