package dev.tachyon.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not do: set
 * {@code Host}, pipeline requests on one connection, write whatever bytes an attacker would
 * (malformed, trickled, half-closed), read responses one at a time ({@link RawHttpResponse}),
 * or notice the server's close.
 */
public final class RawHttpConnection implements Closeable {

    /** An initialize request (id 1, 2025-11-25, no capabilities). */
    public static final String INITIALIZE = McpTestClient.message(1L, "initialize",
            McpTestClient.initializeParams("2025-11-25", "{}", "raw-http"));

    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code server}. */
    public RawHttpConnection(InetSocketAddress server) throws IOException {
        this(server, null, 0);
    }

    /** @param receiveBuffer the socket's receive buffer (a small one makes a client that does not read), 0 for the system's */
    public RawHttpConnection(InetSocketAddress server, int receiveBuffer) throws IOException {
        this(server, null, receiveBuffer);
    }

    /**
     * @param from the local address to connect from (another loopback address), or null
     * @param receiveBuffer the socket's receive buffer, 0 for the system's
     */
    public RawHttpConnection(InetSocketAddress server, InetAddress from, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(server, 5_000);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A POST to /mcp for host {@code 127.0.0.1} with the headers every MCP POST needs, plus {@code headers} ("Name: value" each). */
    public static String post(String body, String... headers) {
        return postTo("127.0.0.1", body, headers);
    }

    /**
     * A POST to /mcp with this {@code Host}, the content headers, {@code Accept} for JSON and SSE
     * unless {@code headers} bring their own, and {@code headers} ("Name: value" each).
     */
    public static String postTo(String host, String body, String... headers) {
        StringBuilder sb = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        boolean ownAccept = false;
        for (String h : headers) {
            ownAccept |= h.regionMatches(true, 0, "Accept:", 0, 7);
        }
        if (!ownAccept) {
            sb.append("Accept: application/json, text/event-stream\r\n");
        }
        sb.append("Content-Type: application/json\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
    }

    /** A ping POST in {@code session} (null: without a session header, i.e. stateless-shaped). */
    public static String ping(String session, long id) {
        String body = McpTestClient.message(id, "ping", null);
        return session == null ? post(body) : post(body, "Mcp-Session-Id: " + session);
    }

    /** Writes {@code text} and flushes; returns this. */
    public RawHttpConnection write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Ends our side (the server sees end of input) and keeps reading. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response with a Content-Length body (no chunked bodies). */
    public RawHttpResponse read() throws IOException {
        return RawHttpResponse.read(in);
    }

    /** Reads everything up to the end of the stream (the server closing the connection). */
    public String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection (reads one byte: end of stream). */
    public boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    /**
     * Waits up to {@code millis} for the server to close the connection, discarding what it
     * sends; true when it did (end of stream or reset), false when it is still open.
     */
    public boolean closedWithin(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] sink = new byte[8192];
        try {
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (SocketException e) {
                    return true; // reset
                }
            }
        } finally {
            restoreTimeout();
        }
    }

    /** Whether the server has closed the connection, looking without waiting. */
    public boolean closedNow() throws IOException {
        return closedWithin(50);
    }

    /**
     * Reads raw bytes until what was read contains {@code marker} (returned, everything read so
     * far) or {@code millis} pass (null).
     */
    public String readUntil(String marker, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return null;
                    }
                    seen.write(chunk, 0, n);
                } catch (SocketTimeoutException e) {
                    return null;
                }
            }
            return seen.toString(StandardCharsets.UTF_8);
        } finally {
            restoreTimeout();
        }
    }

    private void restoreTimeout() throws SocketException {
        if (!socket.isClosed()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
