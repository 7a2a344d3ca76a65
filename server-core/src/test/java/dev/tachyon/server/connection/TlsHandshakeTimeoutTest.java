package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client cannot hold a TLS port's connection by never finishing its handshake
 * ({@code tls.handshake-timeout}): silent, or trickling a ClientHello a byte at a time (the
 * timeout is for the whole handshake, not the gaps), on TCP and on HTTP, it is closed at the
 * timeout and counted, while a client that did its handshake is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server per class, started with provider()
class TlsHandshakeTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** The longest a close may take past the timeout here: the timer, a busy machine. */
    private static final long SLACK_MILLIS = 3_000;

    private Path dir;
    private TestPki pki;
    private TachyonServer server;

    /** This class's TLS implementation; {@link TlsHandshakeTimeoutOpenSslTest} runs the same tests on OpenSSL. */
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.JDK;
    }

    @BeforeAll
    void start(@TempDir Path temporary) throws Exception {
        dir = temporary;
        pki = TestPki.ca("handshake-timeout");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(chain, key).withProvider(provider()).withHandshakeTimeout(TIMEOUT))
                .build().start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aSilentClientIsClosedAtTheTimeoutOnTcpAndHttp() throws Exception {
        long before = handshakeCloses();
        try (SSLSocket good = handshaken(server.tcpAddress())) {
            long connected = System.nanoTime();
            try (Socket silentTcp = connect(server.tcpAddress()); Socket silentHttp = connect(server.httpAddress())) {
                assertClosedWithin(silentTcp, connected);
                assertClosedWithin(silentHttp, connected);
            }
            ping(good);
        }
        TlsTest.awaitCount(this::handshakeCloses, before + 2);
    }

    @Test
    void aClientTricklingItsHelloIsClosedAtTheTimeoutAllTheSame() throws Exception {
        long before = handshakeCloses();
        try (SSLSocket good = handshaken(server.tcpAddress()); Socket trickle = connect(server.tcpAddress())) {
            long connected = System.nanoTime();
            // A handshake record header announcing a 512-byte ClientHello, then a byte every 50 ms:
            // never a gap as long as the timeout, never a whole handshake.
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = trickle.getOutputStream();
                    out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                    for (int i = 0; i < 500; i++) {
                        out.write(0x01);
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed it: what the test waits for
                }
            }, "tls-trickle");
            writer.setDaemon(true);
            writer.start();
            assertClosedWithin(trickle, connected);
            ping(good);
        }
        TlsTest.awaitCount(this::handshakeCloses, before + 1);
    }

    private long handshakeCloses() {
        return ServerInternals.connectionBudgets(server).closes().count(ConnectionCloses.Reason.TLS_HANDSHAKE);
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        return socket;
    }

    private SSLSocket handshaken(InetSocketAddress address) throws IOException {
        SSLSocket socket = (SSLSocket) TestPki.clientContextTrusting(pki.caCertificate()).getSocketFactory()
                .createSocket(address.getHostString(), address.getPort());
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return socket;
    }

    private void ping(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        assertTrue(RawSockets.line(socket.getInputStream()).contains("\"result\""),
                "a client that finished its handshake is served meanwhile");
    }

    /** The server ends the connection made at {@code connectedNanos} at its timeout (within the slack), not before. */
    private void assertClosedWithin(Socket socket, long connectedNanos) throws IOException {
        socket.setSoTimeout((int) (TIMEOUT.toMillis() + SLACK_MILLIS));
        InputStream in = socket.getInputStream();
        try {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // a TLS alert may come first; the end of the stream is what counts
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open " + (TIMEOUT.toMillis() + SLACK_MILLIS) + " ms later", e);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedNanos);
        assertTrue(tookMillis >= TIMEOUT.toMillis() - 100, "not closed before the timeout: " + tookMillis + " ms");
    }
}
