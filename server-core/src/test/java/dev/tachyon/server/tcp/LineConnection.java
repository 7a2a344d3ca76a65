package dev.tachyon.server.tcp;

import dev.tachyon.codec.JsonValues;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A raw newline-delimited connection for protocol tests: writes exact bytes, reads exact lines,
 * so tests can check byte-level behaviour (echoed ids, error lines, closes).
 */
final class LineConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    LineConnection(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends {@code line} plus {@code \n}. */
    void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line, or null at end of stream. */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** The next line decoded as a JSON object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> read() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return (Map<String, Object>) parse(line);
    }

    /** Whether nothing arrives within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.readLine(); // a line or the end of the stream: either way, not silent
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Performs the initialize handshake with the given capabilities JSON; returns the initialize result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> initialize(String capabilitiesJson) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":" + capabilitiesJson + ",\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        Map<String, Object> response = read();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return (Map<String, Object>) response.get("result");
    }

    static Object parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonValues.read(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
