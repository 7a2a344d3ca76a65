package dev.tachyon.server.testing;

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

/**
 * A raw newline-delimited JSON connection read by the test's own thread: it writes exact bytes
 * and reads exact lines, for what {@link NdjsonClient} (which reads everything on a thread of
 * its own) cannot show: byte-level behaviour (echoed ids, error lines, closes) and a client that
 * reads only when it chooses to, as the hostile tests attack with.
 */
public final class LineClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    /** Connects to a server's TCP transport. */
    public LineClient(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** Connects from {@code from} (another loopback address, e.g. 127.0.0.2, for a second client address), or the system's choice when null. */
    public LineClient(InetSocketAddress address, java.net.InetAddress from) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5_000);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Connects and completes the handshake, declaring {@code capabilitiesJson}; fails if initialize fails. */
    public static LineClient initialized(InetSocketAddress address, String capabilitiesJson) throws IOException {
        LineClient client = new LineClient(address);
        try {
            client.initialize(capabilitiesJson);
            return client;
        } catch (IOException | RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    /** Performs the handshake (2025-11-25, id 0) with these capabilities (JSON text); returns the initialize result. */
    public Map<String, Object> initialize(String capabilitiesJson) throws IOException {
        send(McpTestClient.message(0L, "initialize", McpTestClient.initializeParams("2025-11-25", capabilitiesJson, "line-client")));
        Map<String, Object> answer = read();
        if (!answer.containsKey("result")) {
            throw new IOException("initialize failed: " + answer);
        }
        send(McpTestClient.message(null, "notifications/initialized", null));
        return Answers.result(answer);
    }

    /** Sends {@code line} plus {@code \n}. */
    public void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends these bytes as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request with {@code id}, {@code method} and {@code paramsJson}. */
    public void request(long id, String method, String paramsJson) throws IOException {
        send(McpTestClient.message(id, method, paramsJson));
    }

    /** The next line, or null at the end of the stream. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** The next message as a JSON object. */
    public Map<String, Object> read() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return parseObject(line);
    }

    /** Sends a request and reads messages until its answer (skipping notifications and requests to the client). */
    public Map<String, Object> call(long id, String method, String paramsJson) throws IOException {
        request(id, method, paramsJson);
        return answerTo(id);
    }

    /** Reads until the answer to {@code id}. */
    public Map<String, Object> answerTo(long id) throws IOException {
        return parseObject(readLineOf(id));
    }

    /** Reads until the answer to {@code id}, as the raw line (to check its size or bytes). */
    public String readLineOf(long id) throws IOException {
        for (;;) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            Map<String, Object> message = parseObject(line);
            if (!message.containsKey("method") && Long.valueOf(id).equals(message.get("id"))) {
                return line;
            }
        }
    }

    /** Whether nothing arrives within {@code millis}. */
    public boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.readLine(); // a line or the end of the stream: either way, not silent
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** One line decoded as a JSON object (with the plain reader: attackers read much, and cheaply). */
    public static Map<String, Object> parseObject(String line) {
        return TestJson.map(Json.parse(line), "line");
    }


    @Override
    public void close() throws IOException {
        socket.close();
    }
}
