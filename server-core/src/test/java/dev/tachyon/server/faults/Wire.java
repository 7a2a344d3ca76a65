package dev.tachyon.server.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw NDJSON connection for the fault suite: writes exact bytes, reads lines, no JSON tree. */
final class Wire implements AutoCloseable {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"faults\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";

    final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 8 * 1024);
    }

    static Wire open(InetSocketAddress address) throws IOException {
        return open(address, 0);
    }

    /** @param receiveBuffer the socket's receive buffer (0: the system's) */
    static Wire open(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, 5_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20_000);
        return new Wire(socket);
    }

    /** Opens and initializes (reads the initialize answer). */
    static Wire initialized(InetSocketAddress address) throws IOException {
        Wire wire = open(address);
        wire.write(INITIALIZE);
        String answer = wire.readLine();
        if (answer == null || !answer.contains("\"result\"")) {
            wire.close();
            throw new IOException("not initialized: " + answer);
        }
        return wire;
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line, or null at the end of the stream. */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** A tools/call line (with its newline). */
    static String call(long id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}\n";
    }

    /** The id of an answer line as its JSON text ({@code 17}, {@code null}), or null when it has none. */
    static String id(String line) {
        int at = line.indexOf("\"id\":");
        if (at < 0) {
            return null;
        }
        int start = at + 5;
        int end = start;
        while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '}') {
            end++;
        }
        return line.substring(start, end);
    }

    /** The error code of an answer line, or 0 for a result. */
    static int errorCode(String line) {
        int at = line.indexOf("\"error\":{\"code\":");
        if (at < 0) {
            return 0;
        }
        int start = at + 16;
        int end = line.indexOf(',', start);
        return Integer.parseInt(line.substring(start, end));
    }

    /** Drops the connection with a reset (SO_LINGER 0), as a client that vanishes does. */
    void vanish() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // gone either way
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
