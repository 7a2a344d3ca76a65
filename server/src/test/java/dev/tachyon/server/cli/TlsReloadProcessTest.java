package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.TachyonProcess;
import dev.tachyon.server.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tachyon serve} with TLS as its own process: {@code kill -HUP} makes it read the
 * certificate files at once, so a new client (the JDK's, and openssl s_client) gets the new
 * certificate while a connection opened before keeps working, and the process lives on. The
 * new files keep the old modification times, so the periodic check cannot be what reloaded
 * them. Without TLS, SIGHUP no longer stops the server ({@code systemctl reload} is safe). And
 * {@code tachyon.tls.provider = openssl} where OpenSSL does not load is a start failure saying why.
 */
class TlsReloadProcessTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    /** Longer than one period of the 5-s file check: had it reloaded the files, it would have by then. */
    private static final long PAST_ONE_CHECK_MILLIS = 5_500;

    @TempDir
    Path dir;

    @Test
    void sighupServesTheNewCertificateToNewClientsAndKeepsOpenConnections() throws Exception {
        TestPki pki = TestPki.ca("hup");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Path ca = pki.writeCa(dir.resolve("ca.pem"));
        pki.leaf("before", true).write(chain, key, -60);
        FileTime written = Files.getLastModifiedTime(chain);
        TestPki.Leaf renewed = pki.leaf("after", true);
        int port = TachyonProcess.freePort();
        Process process = tachyon(List.of("-Dtachyon.tls.cert-chain=" + chain, "-Dtachyon.tls.private-key=" + key),
                "serve", "--tcp", "127.0.0.1:" + port).start();
        try {
            StringBuffer stderr = drain(process);
            awaitLine(stderr, "tachyon ready:", process);
            assertTrue(stderr.toString().contains("SIGHUP reloads TLS"), stderr.toString());
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            SSLContext client = TestPki.clientContextTrusting(pki.caCertificate());
            try (SSLSocket old = connect(address, client)) {
                BufferedReader oldIn = lines(old);
                send(old, INITIALIZE + "\n");
                assertTrue(oldIn.readLine().contains("\"id\":1"));

                renewed.write(chain, key, 0);
                Files.setLastModifiedTime(chain, written); // the periodic check sees no change
                Files.setLastModifiedTime(key, written);
                Thread.sleep(PAST_ONE_CHECK_MILLIS);
                assertNotEquals(renewed.certificate().getSerialNumber(), serial(address, client),
                        "not reloaded without SIGHUP");

                Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
                assertEquals(0, kill.waitFor());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // well under the 5-s check
                while (!renewed.certificate().getSerialNumber().equals(serial(address, client))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(renewed.certificate().getSerialNumber(), serial(address, client),
                        "a new JDK client gets the new certificate");
                assertEquals(renewed.certificate().getSerialNumber(), opensslSerial(port, ca),
                        "a new openssl client gets the new certificate");

                send(old, PING + "\n");
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", oldIn.readLine(),
                        "the connection opened before SIGHUP still works");
            }
            assertTrue(process.isAlive(), "SIGHUP does not stop the server: " + stderr);
            awaitLine(stderr, "SIGHUP: reloading the TLS certificate files", process);
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sighupWithoutTlsLeavesTheServerRunning() throws Exception {
        Process process = tachyon(List.of(), "serve", "--tcp", "127.0.0.1:" + TachyonProcess.freePort()).start();
        try {
            StringBuffer stderr = drain(process);
            awaitLine(stderr, "tachyon ready:", process);
            assertFalse(stderr.toString().contains("SIGHUP cannot be handled"), stderr.toString());
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor());
            awaitLine(stderr, "SIGHUP: no TLS configured, nothing to reload", process);
            assertTrue(process.isAlive(), "the JVM's own SIGHUP (shutdown) is replaced: " + stderr);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void underNohupSighupStaysIgnoredAndTheReadyLineDoesNotPromiseAReload() throws Exception {
        TestPki pki = TestPki.ca("nohup");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        Process process = tachyon("--ignore-signal=HUP", List.of("-Dtachyon.tls.cert-chain=" + chain,
                "-Dtachyon.tls.private-key=" + key), "serve", "--tcp", "127.0.0.1:" + TachyonProcess.freePort()).start();
        try {
            StringBuffer stderr = drain(process);
            awaitLine(stderr, "tachyon ready:", process);
            // Logged before the ready line, which goes straight to stderr; the log line may follow it.
            awaitLine(stderr, "SIGHUP cannot be handled here (SIGHUP is ignored by this process", process);
            assertFalse(stderr.toString().contains("SIGHUP reloads TLS"), stderr.toString());
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor());
            Thread.sleep(500);
            assertTrue(process.isAlive(), "an ignored SIGHUP does nothing: " + stderr);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theOpensslProviderWhereOpensslDoesNotLoadFailsTheStartSayingWhy() throws Exception {
        TestPki pki = TestPki.ca("no-openssl");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        // Netty's switch that makes OpenSSL unavailable, as on a platform without its native library.
        Process process = tachyon(List.of("-Dio.netty.handler.ssl.noOpenSsl=true", "-Dtachyon.tls.provider=openssl",
                        "-Dtachyon.tls.cert-chain=" + chain, "-Dtachyon.tls.private-key=" + key),
                "serve", "--tcp", "127.0.0.1:" + TachyonProcess.freePort()).start();
        try {
            StringBuffer stderr = drain(process);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
            assertEquals(ExitCode.FAILED, process.exitValue(), stderr.toString());
            assertTrue(stderr.toString().contains("tachyon: cannot start: tachyon.tls.provider = openssl, but OpenSSL "
                    + "is not available here"), stderr.toString());
            assertTrue(stderr.toString().contains("set tachyon.tls.provider = auto or jdk"), stderr.toString());
        } finally {
            process.destroyForcibly();
        }
    }

    private static ProcessBuilder tachyon(List<String> jvmFlags, String... args) {
        // env resets SIGHUP to its default: a build started under nohup hands its children an
        // ignored SIGHUP, which the JVM (and so the server) leaves ignored.
        return tachyon("--default-signal=HUP", jvmFlags, args);
    }

    private static ProcessBuilder tachyon(String hangup, List<String> jvmFlags, String... args) {
        List<String> command = new ArrayList<>(List.of("env", hangup,
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tachyon.server.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TACHYON_SHUTDOWN_READY_DELAY", "0s"); // no balancer watches /ready here
        return builder;
    }

    private static StringBuffer drain(Process process) {
        StringBuffer into = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = lines(process.getErrorStream())) {
                for (String line; (line = in.readLine()) != null; ) {
                    into.append(line).append('\n');
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "tachyon-stderr");
        reader.setDaemon(true);
        reader.start();
        return into;
    }

    private static void awaitLine(StringBuffer stderr, String start, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stderr.indexOf(start) < 0 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(stderr.indexOf(start) >= 0, "no line starting '" + start + "'; stderr:\n" + stderr);
    }

    private static SSLSocket connect(InetSocketAddress address, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BigInteger serial(InetSocketAddress address, SSLContext context) throws IOException {
        try (SSLSocket socket = connect(address, context)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** The serial number of the certificate openssl s_client is served, read by openssl x509. */
    private static BigInteger opensslSerial(int port, Path ca) throws IOException, InterruptedException {
        Process sClient = new ProcessBuilder("sh", "-c", "openssl s_client -connect 127.0.0.1:" + port + " -CAfile '"
                + ca + "' -verify_return_error </dev/null 2>/dev/null | openssl x509 -noout -serial").start();
        String out = new String(sClient.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(sClient.waitFor(20, TimeUnit.SECONDS));
        assertTrue(out.startsWith("serial="), "openssl: " + out);
        return new BigInteger(out.substring("serial=".length()), 16);
    }

    private static BufferedReader lines(SSLSocket socket) throws IOException {
        return lines(socket.getInputStream());
    }

    private static BufferedReader lines(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static void send(SSLSocket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
