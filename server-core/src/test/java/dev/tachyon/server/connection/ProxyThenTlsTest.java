package dev.tachyon.server.connection;

import static dev.tachyon.server.connection.RawSockets.PING;
import static dev.tachyon.server.connection.RawSockets.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROXY protocol and TLS on one listener, as behind a TCP balancer that passes TLS through: the
 * balancer's header comes first, in plaintext, then the client's handshake. The header's client
 * is the one the per-address cap counts, and a header sent after the handshake is too late.
 */
class ProxyThenTlsTest {

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.ca("proxy-tls");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .tcpProxyProtocol(true)
                .maxConnectionsPerAddress(1)
                .tls(TlsSettings.of(chain, key))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theHeaderComesFirstThenTheHandshakeAndItsClientIsTheOneCounted() throws Exception {
        SSLContext context = TestPki.clientContextTrusting(pki.caCertificate());
        // Both sockets come from 127.0.0.1, whose cap is one: only the headers tell them apart.
        try (SSLSocket first = behindBalancer(context, "203.0.113.20");
                SSLSocket second = behindBalancer(context, "203.0.113.21")) {
            assertEquals("TLSv1.3", first.getSession().getProtocol());
            ping(first);
            ping(second);
            long before = server.connections().refused("max-connections-per-address");
            try (SSLSocket again = behindBalancer(context, "203.0.113.20")) {
                again.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
                String refusal = line(again.getInputStream());
                assertTrue(refusal.contains("max-connections-per-address"), refusal);
            } catch (IOException refusedBeforeTheHandshake) {
                // the refusal is written in plaintext ahead of TLS: the client may see only a failed handshake
            }
            assertEquals(before + 1, server.connections().refused("max-connections-per-address"));
            ping(first);
        }
    }

    @Test
    void aClientThatStartsWithTheHandshakeIsNotServed() {
        SSLContext context = TestPki.clientContextTrusting(pki.caCertificate());
        long before = server.connections().refused("max-connections-per-address");
        assertThrows(IOException.class, () -> {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(server.tcpAddress().getHostString(), server.tcpAddress().getPort())) {
                socket.setSoTimeout(5_000);
                socket.startHandshake(); // a ClientHello where the header must be: closed, never answered
                socket.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
                line(socket.getInputStream());
            }
        });
        assertEquals(before, server.connections().refused("max-connections-per-address"));
    }

    /** A connection that sends a PROXY v1 header naming {@code client}, then does the TLS handshake. */
    private static SSLSocket behindBalancer(SSLContext context, String client) throws IOException {
        InetSocketAddress to = server.tcpAddress();
        Socket raw = new Socket(to.getAddress(), to.getPort());
        raw.setSoTimeout(5_000);
        raw.getOutputStream().write(("PROXY TCP4 " + client + " 127.0.0.1 40000 " + to.getPort() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        raw.getOutputStream().flush();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, to.getHostString(), to.getPort(), true);
        tls.setSoTimeout(5_000);
        tls.startHandshake();
        return tls;
    }

    private static void ping(SSLSocket socket) throws IOException {
        socket.getOutputStream().write((PING + "\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(line(socket.getInputStream()).contains("\"result\""), "answered over TLS after the header");
    }
}
