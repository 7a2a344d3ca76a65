package dev.tachyon.server.http;

import dev.tachyon.server.testing.RawHttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not do: set
 * {@code Host}, pipeline requests on one connection, read responses one by one.
 */
final class RawHttp implements Closeable {

    /** A response with a Content-Length body. */
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(InetSocketAddress address) throws IOException {
        this(address, 0);
    }

    /** @param receiveBuffer the socket's receive buffer size (0: the system's) */
    RawHttp(InetSocketAddress address, int receiveBuffer) throws IOException {
        this.socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A POST of {@code body} as text, with the given extra header lines (each "Name: value"). */
    static String post(String host, String body, String... headers) {
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
        sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        return sb.toString();
    }

    void write(String requests) throws IOException {
        out.write(requests.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one response with a Content-Length body (no chunked bodies). */
    RawHttpResponse read() throws IOException {
        return RawHttpResponse.read(in);
    }

    /** Reads everything up to the end of the stream (the server closing the connection). */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }


    @Override
    public void close() throws IOException {
        socket.close();
    }
}
