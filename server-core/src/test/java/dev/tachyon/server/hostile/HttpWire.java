package dev.tachyon.server.hostile;

import dev.tachyon.server.testing.RawHttpResponse;
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
 * A raw HTTP/1.1 connection for the hostile suite: writes whatever bytes an attacker would
 * (malformed, trickled, half-closed) and reads responses one at a time, or notices the server's close.
 */
final class HttpWire implements Closeable {

    /** A response with a Content-Length body. */
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"h\",\"version\":\"1\"}}}";

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpWire(InetSocketAddress server) throws IOException {
        this(server, null, 0);
    }

    /**
     * @param from the local address to connect from (another loopback address), or null
     * @param receiveBuffer the socket's receive buffer (a small one makes a client that does not read), 0 for the default
     */
    HttpWire(InetSocketAddress server, InetAddress from, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(server, 5_000);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A POST to /mcp with the headers every MCP POST needs, plus {@code headers} ("Name: value" each). */
    static String post(String body, String... headers) {
        StringBuilder sb = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
    }

    /** A ping POST in {@code session} (null: without a session header, i.e. stateless-shaped). */
    static String ping(String session, long id) {
        return session == null ? post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}")
                : post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}", "Mcp-Session-Id: " + session);
    }

    HttpWire write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Ends our side (the server sees end of input) and keeps reading. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response with a Content-Length body (no chunked bodies). */
    RawHttpResponse read() throws IOException {
        return RawHttpResponse.read(in);
    }

    /**
     * Waits up to {@code millis} for the server to close the connection, discarding what it
     * sends; true when it did (end of stream or reset), false when it is still open.
     */
    boolean closedWithin(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] sink = new byte[8192];
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
    }

    /**
     * Reads raw bytes until what was read contains {@code marker} (returned, everything read so
     * far) or {@code millis} pass (null).
     */
    String readUntil(String marker, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
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
    }

    /** Whether the server has closed the connection, looking without waiting. */
    boolean closedNow() throws IOException {
        return closedWithin(50);
    }


    @Override
    public void close() throws IOException {
        socket.close();
    }
}
