package dev.tachyon.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on every network listener, with real clients over real sockets: a JDK {@link SSLSocket}
 * speaking NDJSON, curl over HTTPS (MCP and admin), openssl {@code s_client}; a plaintext client
 * on a TLS port is closed and counted; a reload swaps the certificate for new connections only.
 * Mutual TLS is in {@link MutualTlsTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server per class, started with provider()
class TlsTest {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

    private Path dir;
    private TestPki pki;
    private Path chain;
    private Path key;
    private Path caFile;
    private TachyonServer server;

    /** The TLS implementation this class's servers run; {@link TlsOpenSslTest} runs the same tests on OpenSSL. */
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.JDK;
    }

    @BeforeAll
    void start(@TempDir Path temporary) throws Exception {
        dir = temporary;
        pki = TestPki.ca("tls");
        chain = dir.resolve("chain.pem");
        key = dir.resolve("key.pem");
        caFile = pki.writeCa(dir.resolve("ca.pem"));
        pki.leaf("server", true).write(chain, key, 0);
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .admin("127.0.0.1", 0)
                .tls(TlsSettings.of(chain, key).withProvider(provider()))
                .build().start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aTcpClientOverTlsIsAnswered() throws Exception {
        try (SSLSocket socket = tlsSocket(server.tcpAddress(), TestPki.clientContextTrusting(pki.caCertificate()))) {
            BufferedReader in = lines(socket);
            send(socket, INITIALIZE + "\n" + PING + "\n");
            assertTrue(in.readLine().contains("\"id\":1"), "initialize answered");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", in.readLine());
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @Test
    void tls12IsStillOffered() throws Exception {
        try (SSLSocket socket = tlsSocket(server.tcpAddress(), TestPki.clientContextTrusting(pki.caCertificate()),
                "TLSv1.2")) {
            send(socket, PING + "\n");
            assertTrue(lines(socket).readLine().contains("\"id\":2"));
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
    }

    @Test
    void theHttpListenerAdvertisesHttp11OverAlpn() throws Exception {
        SSLContext context = TestPki.clientContextTrusting(pki.caCertificate());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(server.httpAddress(), 5_000);
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertEquals("http/1.1", socket.getApplicationProtocol());
        }
    }

    @Test
    void curlInitializesOverHttps() throws Exception {
        InetSocketAddress http = server.httpAddress();
        Run curl = Run.of(List.of("curl", "-sS", "--cacert", caFile.toString(), "-o", "/dev/null", "-w", "%{http_code}",
                "-X", "POST", "-H", "Content-Type: application/json", "-H", "Accept: application/json, text/event-stream",
                "--data", INITIALIZE, "https://127.0.0.1:" + http.getPort() + "/mcp"), "");
        assertEquals("200", curl.out.trim(), curl.err);
    }

    @Test
    void curlReadsHealthOverHttpsOnTheAdminPort() throws Exception {
        Run curl = Run.of(List.of("curl", "-sS", "--cacert", caFile.toString(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://127.0.0.1:" + server.adminAddress().getPort() + "/health"), "");
        assertEquals("200", curl.out.trim(), curl.err);
    }

    @Test
    void curlRefusesTheServerWithoutTheCa() throws Exception {
        Run curl = Run.of(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "https://127.0.0.1:" + server.httpAddress().getPort() + "/mcp"), "");
        assertEquals("000", curl.out.trim(), "no answer without trusting the CA");
        assertTrue(curl.err.toLowerCase(java.util.Locale.ROOT).contains("certificate"), curl.err);
    }

    @Test
    void opensslSClientIsServedOverTcp() throws Exception {
        Run openssl = Run.until(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.tcpAddress().getPort(),
                "-CAfile", caFile.toString(), "-verify_return_error", "-quiet"), INITIALIZE + "\n" + PING + "\n",
                "\"id\":2,");
        assertTrue(openssl.out.contains("\"id\":2,\"result\":{}"), openssl.out + openssl.err);
    }

    @Test
    void aPlaintextClientOnATlsPortIsClosedAndCounted() throws Exception {
        long before = closes(ConnectionCloses.Reason.TLS_HANDSHAKE);
        try (Socket socket = new Socket()) {
            socket.connect(server.tcpAddress(), 5_000);
            socket.setSoTimeout(5_000);
            send(socket, INITIALIZE + "\n");
            assertClosed(socket);
        }
        awaitCount(ConnectionCloses.Reason.TLS_HANDSHAKE, before + 1);
    }

    @Test
    void aPlaintextHttpRequestOnTheHttpsPortIsClosed() throws Exception {
        long before = closes(ConnectionCloses.Reason.TLS_HANDSHAKE);
        try (Socket socket = new Socket()) {
            socket.connect(server.httpAddress(), 5_000);
            socket.setSoTimeout(5_000);
            send(socket, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertClosed(socket);
        }
        awaitCount(ConnectionCloses.Reason.TLS_HANDSHAKE, before + 1);
    }

    @Test
    void everyStageIsInstalledInOrderOnATlsListener() {
        ServerTls tls = ServerTls.of(TlsSettings.of(chain, key).withProvider(provider()), "test", List.of(),
                new ConnectionCloses());
        ConnectionPipeline pipeline = ConnectionPipeline.of("test",
                new ConnectionSettings(4096, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new ConnectionLimit(10, dev.tachyon.server.memory.MemoryPressure.none()),
                (alloc, reason, limit) -> alloc.buffer(), new ConnectionBudgets(1 << 20), tls);
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
        pipeline.install(channel, (p, max) -> {
            p.addLast("handler", new io.netty.channel.ChannelInboundHandlerAdapter());
            return ConnectionWork.NONE;
        });
        List<String> names = new ArrayList<>(channel.pipeline().names());
        names.removeIf(name -> name.startsWith("DefaultChannelPipeline$TailContext"));
        List<String> expected = new ArrayList<>(ConnectionPipeline.STAGES);
        expected.removeAll(List.of(ConnectionPipeline.PROXY_SIGNATURE, ConnectionPipeline.PROXY_DECODER, ConnectionPipeline.PROXY)); // not behind a balancer
        expected.add("handler");
        assertEquals(expected, names);
        channel.finishAndReleaseAll();
    }

    @Test
    void aMissingKeyFileFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServerTls.of(
                TlsSettings.of(chain, dir.resolve("absent.pem")), "test", List.of(), new ConnectionCloses()));
        assertTrue(e.getMessage().contains("absent.pem"), e.getMessage());
    }

    @Test
    void aReloadServesTheNewCertificateToNewConnectionsAndKeepsOpenOnes() throws Exception {
        Path reloadChain = dir.resolve("reload-chain.pem");
        Path reloadKey = dir.resolve("reload-key.pem");
        pki.leaf("before", true).write(reloadChain, reloadKey, 0);
        TestPki.Leaf renewed = pki.leaf("after", true);
        try (TachyonServer own = TachyonServer.builder().tcp("127.0.0.1", 0)
                .tls(TlsSettings.of(reloadChain, reloadKey).withProvider(provider())).build().start();
                SSLSocket old = tlsSocket(own.tcpAddress(), TestPki.clientContextTrusting(pki.caCertificate()))) {
            BufferedReader oldIn = lines(old);
            send(old, INITIALIZE + "\n");
            assertTrue(oldIn.readLine().contains("\"id\":1"));
            assertFalse(serial(own).equals(renewed.certificate().getSerialNumber()));

            renewed.write(reloadChain, reloadKey, 10);
            long deadline = System.nanoTime() + TlsReload.PERIOD.multipliedBy(3).toNanos();
            while (!serial(own).equals(renewed.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(renewed.certificate().getSerialNumber(), serial(own), "a new connection gets the new certificate");
            send(old, PING + "\n");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", oldIn.readLine(), "the open connection still works");
        }
    }

    @Test
    void reloadTlsServesNewFilesAtOnceEvenWithTheirOldModificationTimes() throws Exception {
        Path hupChain = dir.resolve("hup-chain.pem");
        Path hupKey = dir.resolve("hup-key.pem");
        pki.leaf("before", true).write(hupChain, hupKey, -60);
        java.nio.file.attribute.FileTime written = java.nio.file.Files.getLastModifiedTime(hupChain);
        TestPki.Leaf renewed = pki.leaf("after", true);
        try (TachyonServer own = TachyonServer.builder().tcp("127.0.0.1", 0)
                .tls(TlsSettings.of(hupChain, hupKey).withProvider(provider())).build().start()) {
            renewed.write(hupChain, hupKey, 0);
            java.nio.file.Files.setLastModifiedTime(hupChain, written); // the periodic check sees nothing
            java.nio.file.Files.setLastModifiedTime(hupKey, written);
            own.reloadTls(); // what SIGHUP calls
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // under the 5-s check
            while (!serial(own).equals(renewed.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(renewed.certificate().getSerialNumber(), serial(own));
        }
    }

    @Test
    void aHalfRenewedPairIsNotPutInUse() throws Exception {
        Path halfChain = dir.resolve("half-chain.pem");
        Path halfKey = dir.resolve("half-key.pem");
        pki.leaf("first", true).write(halfChain, halfKey, 0);
        ServerTls tls = ServerTls.of(TlsSettings.of(halfChain, halfKey).withProvider(provider()), "test", List.of(),
                new ConnectionCloses());
        // The new certificate is written, its key not yet: the old pair stays in use.
        pki.leaf("second", true).write(halfChain, dir.resolve("second-key.pem"), 10);
        assertFalse(tls.reloadIfChanged(), "a certificate without its key is not loaded");
    }

    private java.math.BigInteger serial(TachyonServer target) throws IOException {
        try (SSLSocket socket = tlsSocket(target.tcpAddress(), TestPki.clientContextTrusting(pki.caCertificate()))) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    static SSLSocket tlsSocket(InetSocketAddress address, SSLContext context, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        return socket;
    }

    static BufferedReader lines(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The server closed the connection (end of stream or reset) without answering in plaintext. */
    static void assertClosed(Socket socket) throws IOException {
        try {
            byte[] buffer = new byte[4096];
            int n;
            StringBuilder got = new StringBuilder();
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                got.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertFalse(got.toString().contains("jsonrpc") || got.toString().contains("HTTP/1.1"),
                    "no plaintext answer: " + got);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open", e);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
    }

    long closes(ConnectionCloses.Reason reason) {
        return ServerInternals.connectionBudgets(server).closes().count(reason);
    }

    void awaitCount(ConnectionCloses.Reason reason, long atLeast) throws InterruptedException {
        awaitCount(() -> closes(reason), atLeast);
    }

    /** Waits up to 5 s for {@code count} to reach {@code atLeast} (the close is counted on the server's loop). */
    static void awaitCount(java.util.function.LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(count.getAsLong() >= atLeast, "counted as tls-handshake: " + count.getAsLong());
    }

    /** A process run to its end, with what it wrote. */
    static final class Run {
        final String out;
        final String err;

        private Run(String out, String err) {
            this.out = out;
            this.err = err;
        }

        /** Runs {@code command} with {@code input} on stdin (then closed) to its end. */
        static Run of(List<String> command, String input) throws IOException, InterruptedException {
            return until(command, input, null);
        }

        /**
         * Runs {@code command} with {@code input} on stdin, kept open (openssl s_client ends at the
         * end of its input, before the answer could come), until its output holds {@code marker},
         * it ends by itself, or 15 s pass; then it is ended.
         */
        static Run until(List<String> command, String input, String marker) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).start();
            StringBuffer out = new StringBuffer();
            StringBuffer err = new StringBuffer();
            Thread outReader = drain(process.getInputStream(), out);
            Thread errReader = drain(process.getErrorStream(), err);
            OutputStream stdin = process.getOutputStream();
            try {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                if (marker == null) {
                    stdin.close();
                }
            } catch (IOException closedEarly) {
                // the process may end before reading everything (a refused handshake)
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (process.isAlive() && System.nanoTime() < deadline
                    && (marker == null || out.indexOf(marker) < 0)) {
                Thread.sleep(20);
            }
            if (process.isAlive()) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return new Run(out.toString(), err.toString());
        }

        private static Thread drain(java.io.InputStream in, StringBuffer into) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ended) {
                    // the process was ended
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }
}
