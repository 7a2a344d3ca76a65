package dev.tachyon.server.hostile;

import dev.tachyon.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One MCP session over a raw TCP connection, line by line: what the hostile tests attack with. */
final class NdjsonSession implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    NdjsonSession(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Opens a session and completes the handshake, declaring {@code capabilitiesJson}. */
    static NdjsonSession initialized(InetSocketAddress address, String capabilitiesJson) throws IOException {
        NdjsonSession session = new NdjsonSession(address);
        session.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":" + capabilitiesJson + ",\"clientInfo\":{\"name\":\"hostile\",\"version\":\"1\"}}}");
        Map<String, Object> answer = session.read();
        if (!answer.containsKey("result")) {
            throw new IOException("initialize failed: " + answer);
        }
        session.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a request with {@code id}, {@code method} and {@code paramsJson}. */
    void request(long id, String method, String paramsJson) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    }

    /** The next message as a JSON object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return (Map<String, Object>) Json.parse(line);
    }

    /** Sends a request and reads messages until its answer (skipping notifications and requests to the client). */
    Map<String, Object> call(long id, String method, String paramsJson) throws IOException {
        request(id, method, paramsJson);
        return answerTo(id);
    }

    /** Reads until the answer to {@code id}. */
    Map<String, Object> answerTo(long id) throws IOException {
        for (;;) {
            Map<String, Object> message = read();
            if (!message.containsKey("method") && Long.valueOf(id).equals(message.get("id"))) {
                return message;
            }
        }
    }

    /** Reads until the answer to {@code id}, as the raw line (to check its size). */
    String readLineOf(long id) throws IOException {
        for (;;) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            Map<String, Object> message = parseObject(line);
            if (!message.containsKey("method") && Long.valueOf(id).equals(message.get("id"))) {
                return line;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String line) {
        return (Map<String, Object>) Json.parse(line);
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

    /** The error code of an answer, or null for a result. */
    static Long errorCode(Map<String, Object> answer) {
        Object error = answer.get("error");
        return error == null ? null : (Long) ((Map<?, ?>) error).get("code");
    }

    /** The error's {@code data}, or null. */
    static Map<?, ?> errorData(Map<String, Object> answer) {
        Object error = answer.get("error");
        return error == null ? null : (Map<?, ?>) ((Map<?, ?>) error).get("data");
    }

    /** The result object, or null for an error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("result");
    }

    /**
     * Waits until {@code millis} have passed since {@code startNanos}: a short attack still
     * gives the well-behaved client enough pings for its p99 to mean something.
     */
    static void observeAtLeast(long startNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
