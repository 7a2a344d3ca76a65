package dev.tachyon.benchmarks.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the load goes: {@code tcp://HOST:PORT} (newline-delimited JSON-RPC) or
 * {@code http://HOST:PORT/PATH} (Streamable HTTP, one POST per message), and the same over TLS:
 * {@code tls://HOST:PORT}, {@code https://HOST:PORT/PATH}.
 */
final class Target {

    enum Transport { TCP, HTTP }

    private final Transport transport;
    private final boolean tls;
    private final String host;
    private final int port;
    private final String path;

    private Target(Transport transport, boolean tls, String host, int port, String path) {
        this.transport = transport;
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /** Parses {@code tcp://host:port}, {@code tls://host:port}, {@code http(s)://host:port/path}. */
    static Target parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--target: not a URI: " + text);
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--target needs a host and a port: " + text);
        }
        if ("tcp".equals(scheme) || "tls".equals(scheme)) {
            return new Target(Transport.TCP, "tls".equals(scheme), uri.getHost(), uri.getPort(), null);
        }
        if ("http".equals(scheme) || "https".equals(scheme)) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mcp" : uri.getRawPath();
            return new Target(Transport.HTTP, "https".equals(scheme), uri.getHost(), uri.getPort(), path);
        }
        throw new IllegalArgumentException("--target: expected tcp://HOST:PORT, tls://HOST:PORT, http://HOST:PORT/mcp"
                + " or https://HOST:PORT/mcp, got " + text);
    }

    Transport transport() {
        return transport;
    }

    /** Whether the connection is TLS ({@code tls://}, {@code https://}). */
    boolean tls() {
        return tls;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The HTTP path, or null for TCP. */
    String path() {
        return path;
    }

    @Override
    public String toString() {
        String scheme = transport == Transport.TCP ? (tls ? "tls" : "tcp") : (tls ? "https" : "http");
        return scheme + "://" + host + ":" + port + (path == null ? "" : path);
    }
}
