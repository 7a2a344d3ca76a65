package dev.tachyon.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the stateless revision (2026-07-28) over Streamable HTTP, for tests: every request
 * is a POST whose params carry {@code _meta} and whose headers mirror the body
 * ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name}); a test overrides or
 * removes headers to break the rules on purpose.
 */
public final class StatelessHttpClient {

    private final McpHttpClient http;
    private final AtomicLong ids = new AtomicLong(1);

    public StatelessHttpClient(URI uri) {
        this.http = new McpHttpClient(uri);
    }

    /**
     * A POST of {@code method} with {@code members} (JSON text, may be empty) and these
     * capabilities in {@code _meta}, its headers mirroring the body.
     *
     * @param name the {@code Mcp-Name} value, or null for none
     */
    public HttpRequest.Builder post(String method, String members, String capabilities, String name) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.getAndIncrement() + ",\"method\":\"" + method
                + "\",\"params\":" + StatelessMeta.params(members, capabilities) + "}";
        HttpRequest.Builder b = raw(body).header("MCP-Protocol-Version", StatelessMeta.VERSION).header("Mcp-Method", method);
        if (name != null) {
            b.header("Mcp-Name", name);
        }
        return b;
    }

    /** A POST of {@code body} with only the content headers. */
    public HttpRequest.Builder raw(String body) {
        return http.post(null, body);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request);
    }

    public HttpResponse<InputStream> stream(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.stream(request);
    }

    /** The error object of a JSON-RPC error response body. */
    public static Map<?, ?> error(HttpResponse<String> response) {
        Object error = McpHttpClient.json(response.body()).get("error");
        if (!(error instanceof Map)) {
            throw new AssertionError("expected an error, got " + response.statusCode() + " " + response.body());
        }
        return (Map<?, ?>) error;
    }

    /** The result object of a JSON-RPC result response body. */
    public static Map<?, ?> result(HttpResponse<String> response) {
        Object result = McpHttpClient.json(response.body()).get("result");
        if (!(result instanceof Map)) {
            throw new AssertionError("expected a result, got " + response.statusCode() + " " + response.body());
        }
        return (Map<?, ?>) result;
    }
}
