package dev.tachyon.server.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** What the PROXY protocol tests write and read on raw sockets: bytes in, one NDJSON line out, an MCP POST. */
final class RawSockets {

    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"p\",\"version\":\"1\"}}}";

    private RawSockets() {
    }

    static void send(Socket s, String text) throws IOException {
        send(s, new byte[0], text);
    }

    static void send(Socket s, byte[] first, String text) throws IOException {
        s.getOutputStream().write(first);
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    /** The next line, without its newline; fails when the connection ends first. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed before a whole line: " + buf.toString(StandardCharsets.UTF_8));
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** A Streamable HTTP POST of {@code body} to /mcp, without a session. */
    static String post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
    }
}
