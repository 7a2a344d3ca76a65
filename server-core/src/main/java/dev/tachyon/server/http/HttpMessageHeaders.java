package dev.tachyon.server.http;

import dev.tachyon.server.engine.MessageHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The request metadata headers of the stateless revision, read from a POST: names are
 * case-insensitive (Netty's headers are), values are trimmed of the optional whitespace HTTP
 * allows around them and otherwise kept as sent.
 */
final class HttpMessageHeaders implements MessageHeaders {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    static final String PARAM_PREFIX = "Mcp-Param-";

    private final HttpHeaders headers;

    HttpMessageHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public String protocolVersion() {
        return trimmed(RequestRules.PROTOCOL_VERSION);
    }

    @Override
    public String method() {
        return trimmed(METHOD);
    }

    @Override
    public String name() {
        return trimmed(NAME);
    }

    @Override
    public String param(String suffix) {
        return trimmed(PARAM_PREFIX + suffix);
    }

    private String trimmed(String name) {
        String value = headers.get(name);
        return value == null ? null : value.strip();
    }
}
