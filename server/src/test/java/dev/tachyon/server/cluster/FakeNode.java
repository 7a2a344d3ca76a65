package dev.tachyon.server.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one Tachyon instance, just enough to test what the balancer does with it: its
 * HTTP listener takes the PROXY protocol v2 header HAProxy sends, answers every request 200 with
 * {@code X-Node: <id>}, and gives a request without {@code Mcp-Session-Id} a new session id,
 * {@code <id>.<22 chars>} (the contract's shape) or, without prefixes, 22 chars as an instance
 * without a node id does; its admin listener answers {@code /ready} 200 or 503.
 */
final class FakeNode implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROXY_V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final String id;
    private final boolean prefixedIds;
    private final ServerSocket http;
    private final HttpServer admin;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean ready = true;

    FakeNode(String id, boolean prefixedIds) throws IOException {
        this.id = id;
        this.prefixedIds = prefixedIds;
        this.http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        admin.createContext("/ready", exchange -> {
            int status = ready ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        admin.start();
        Thread acceptor = new Thread(this::accept, "fake-" + id);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String id() {
        return id;
    }

    int httpPort() {
        return http.getLocalPort();
    }

    int adminPort() {
        return admin.getAddress().getPort();
    }

    /** Requests its HTTP listener answered. */
    int requests() {
        return requests.get();
    }

    /** What /ready answers from now on: 200 when true, 503 (draining) when false. */
    void ready(boolean value) {
        ready = value;
    }

    private void accept() {
        while (!http.isClosed()) {
            try {
                Socket socket = http.accept();
                Thread connection = new Thread(() -> serve(socket), "fake-" + id + "-conn");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            skipProxyHeader(in);
            OutputStream out = socket.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                String session = header(head, "mcp-session-id");
                String length = header(head, "content-length");
                in.readNBytes(length == null ? 0 : Integer.parseInt(length.trim()));
                requests.incrementAndGet();
                byte[] body = id.getBytes(StandardCharsets.US_ASCII);
                String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nX-Node: " + id + "\r\n" + (session == null ? "Mcp-Session-Id: " + newSessionId() + "\r\n" : "")
                        + "\r\n";
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException gone) {
            // the balancer closed the connection
        }
    }

    private String newSessionId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String random = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        return prefixedIds ? id + "." + random : random;
    }

    /** Reads the 16-byte PROXY v2 header and its addresses; fails the connection without one. */
    private static void skipProxyHeader(InputStream in) throws IOException {
        byte[] fixed = in.readNBytes(16);
        for (int i = 0; i < PROXY_V2_SIGNATURE.length; i++) {
            if (fixed.length < 16 || fixed[i] != PROXY_V2_SIGNATURE[i]) {
                throw new IOException("no PROXY protocol v2 header");
            }
        }
        in.readNBytes(((fixed[14] & 0xFF) << 8) | (fixed[15] & 0xFF));
    }

    /** The request line and headers, or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        admin.stop(0);
        http.close();
    }
}
