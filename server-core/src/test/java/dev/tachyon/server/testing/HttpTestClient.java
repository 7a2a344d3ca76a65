package dev.tachyon.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * An {@link McpTestClient} over Streamable HTTP, either in a session of the 2025-11-25 revision
 * ({@link #session}: {@code initialize} first, then every POST names the session) or in the
 * stateless 2026-07-28 revision ({@link #stateless}: every request carries its {@code _meta} and
 * the headers that mirror its body). A response comes as a JSON body or as an SSE stream whose
 * last event is the response; the events before it (progress, logs, requests to the client) are
 * recorded, and requests to the client answered with a POST, as a client does.
 */
public final class HttpTestClient implements McpTestClient {

    private final McpHttpClient http;
    private final String sessionId;
    private final String capabilitiesJson;
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Map<String, Object>> received = new ArrayList<>();
    private volatile ServerRequestHandler serverRequests = METHOD_NOT_FOUND;

    private HttpTestClient(URI uri, String sessionId, String capabilitiesJson, SSLContext tls) {
        this.http = new McpHttpClient(uri, tls);
        this.sessionId = sessionId;
        this.capabilitiesJson = capabilitiesJson;
    }

    /** A session of the 2025-11-25 revision, initialized with these client capabilities (JSON text). */
    public static HttpTestClient session(URI uri, String capabilitiesJson) {
        return session(uri, capabilitiesJson, null);
    }

    /** As {@link #session(URI, String)} over {@code https://} with {@code tls} (null: the JDK's default). */
    public static HttpTestClient session(URI uri, String capabilitiesJson, SSLContext tls) {
        HttpTestClient unnamed = new HttpTestClient(uri, null, capabilitiesJson, tls);
        HttpResponse<String> init = unnamed.call(unnamed.http.post(null, McpTestClient.message(0L, "initialize",
                McpTestClient.initializeParams("2025-11-25", capabilitiesJson, "http-test-client"))));
        String id = init.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new AssertionError("initialize named no session: " + init.statusCode() + " " + init.body()));
        HttpTestClient client = new HttpTestClient(uri, id, capabilitiesJson, tls);
        client.notify("notifications/initialized", null);
        return client;
    }

    /** A client of the stateless revision declaring these capabilities in every request's {@code _meta}. */
    public static HttpTestClient stateless(URI uri, String capabilitiesJson) {
        return stateless(uri, capabilitiesJson, null);
    }

    /** As {@link #stateless(URI, String)} over {@code https://} with {@code tls} (null: the JDK's default). */
    public static HttpTestClient stateless(URI uri, String capabilitiesJson, SSLContext tls) {
        return new HttpTestClient(uri, null, capabilitiesJson, tls);
    }

    /** The session id, or null for a stateless client. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public Map<String, Object> request(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        HttpRequest.Builder post;
        if (sessionId != null) {
            post = http.post(sessionId, McpTestClient.message(id, method, paramsJson));
        } else {
            String params = paramsJson == null ? StatelessMeta.params("", capabilitiesJson)
                    : paramsJson.startsWith("{") ? withMeta(paramsJson) : paramsJson;
            post = http.post(null, McpTestClient.message(id, method, params))
                    .header("MCP-Protocol-Version", StatelessMeta.VERSION).header("Mcp-Method", method);
            String name = mirroredName(paramsJson);
            if (name != null) {
                post.header("Mcp-Name", name);
            }
        }
        try {
            HttpResponse<InputStream> response = http.stream(post);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                try (InputStream body = response.body()) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    if (text.isEmpty()) {
                        throw new AssertionError(method + ": HTTP " + response.statusCode() + " without a body");
                    }
                    return TestJson.map(TestJson.read(text.getBytes(StandardCharsets.UTF_8)), method + " response");
                }
            }
            try (SseReader events = new SseReader(response.body())) {
                for (SseReader.Event e; (e = events.nextWithData()) != null; ) {
                    if (e.data().isEmpty()) {
                        continue; // the priming event
                    }
                    Map<String, Object> message = TestJson.map(TestJson.read(e.data().getBytes(StandardCharsets.UTF_8)), "event");
                    if (!message.containsKey("method") && Long.valueOf(id).equals(message.get("id"))) {
                        return message;
                    }
                    record(message);
                }
            }
            throw new AssertionError(method + ": the stream ended before the response; received " + received());
        } catch (IOException e) {
            throw new AssertionError(method + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void notify(String method, String paramsJson) {
        HttpResponse<String> response = call(http.post(sessionId, McpTestClient.message(null, method, paramsJson)));
        if (response.statusCode() != 202) {
            throw new AssertionError(method + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public HttpTestClient onServerRequest(ServerRequestHandler handler) {
        this.serverRequests = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public List<Map<String, Object>> notifications(String method) {
        return received().stream().filter(m -> !m.containsKey("id") && method.equals(m.get("method"))).toList();
    }

    /** Everything that came before responses on their streams, in order. */
    public List<Map<String, Object>> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Ends the session (DELETE); a stateless client has nothing to end. */
    @Override
    public void close() {
        if (sessionId != null) {
            try {
                http.send(http.delete(sessionId));
            } catch (IOException e) {
                // the server may be gone already; nothing to end then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(Map<String, Object> message) {
        synchronized (received) {
            received.add(message);
        }
        if (message.containsKey("method") && message.containsKey("id")) {
            HttpResponse<String> answered = call(http.post(sessionId, McpTestClient.answer(serverRequests, message)));
            if (answered.statusCode() != 202) {
                throw new AssertionError("the answer to " + message + " was refused: " + answered.statusCode());
            }
        }
    }

    private HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw new AssertionError(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String withMeta(String paramsJson) {
        String members = paramsJson.substring(1, paramsJson.lastIndexOf('}')).trim();
        int meta = members.indexOf("\"_meta\":{");
        if (meta < 0) {
            return StatelessMeta.params(members, capabilitiesJson);
        }
        // The request has a _meta of its own (a progress token): the revision's keys join it.
        String keys = StatelessMeta.meta(capabilitiesJson);
        int open = meta + "\"_meta\":{".length();
        return "{" + members.substring(0, open) + keys.substring(1, keys.length() - 1)
                + (members.startsWith("}", open) ? "" : ",") + members.substring(open) + "}";
    }

    /** What {@code Mcp-Name} mirrors: {@code params.name}, else {@code params.uri}; null when neither is a string. */
    private static String mirroredName(String paramsJson) {
        if (paramsJson == null || !paramsJson.startsWith("{")) {
            return null;
        }
        Map<String, Object> params = TestJson.map(TestJson.read(paramsJson.getBytes(StandardCharsets.UTF_8)), "params");
        Object name = params.containsKey("name") ? params.get("name") : params.get("uri");
        return name instanceof String ? (String) name : null;
    }

}
