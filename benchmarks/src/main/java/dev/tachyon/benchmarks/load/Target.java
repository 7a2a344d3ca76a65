package dev.tachyon.benchmarks.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the load goes: {@code tcp://HOST:PORT} (newline-delimited JSON-RPC) or
 * {@code http://HOST:PORT/PATH} (Streamable HTTP, one POST per message).
 */
final class Target {

    enum Transport { TCP, HTTP }

    private final Transport transport;
    private final String host;
    private final int port;
    private final String path;

    private Target(Transport transport, String host, int port, String path) {
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /** Parses {@code tcp://host:port} or {@code http://host:port/path}. */
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
        if ("tcp".equals(scheme)) {
            return new Target(Transport.TCP, uri.getHost(), uri.getPort(), null);
        }
        if ("http".equals(scheme)) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mcp" : uri.getRawPath();
            return new Target(Transport.HTTP, uri.getHost(), uri.getPort(), path);
        }
        throw new IllegalArgumentException("--target: expected tcp://HOST:PORT or http://HOST:PORT/mcp, got " + text);
    }

    Transport transport() {
        return transport;
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
        return transport == Transport.TCP ? "tcp://" + host + ":" + port : "http://" + host + ":" + port + path;
    }
}
