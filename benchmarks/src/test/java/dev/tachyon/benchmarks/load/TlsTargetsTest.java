package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.http.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against a real Tachyon server over TLS, with the certificate {@code
 * tachyon-bench cert} makes: {@code tls://} and {@code https://} load runs in which every
 * request is answered once, a handshake run, and the refusals of flags that do not fit.
 */
class TlsTargetsTest {

    @TempDir
    static Path dir;
    private static Path ca;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(0, TachyonBench.run(new String[] {"cert", "--out", dir.resolve("cert").toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err));
        ca = dir.resolve("cert/cert.pem");
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("cert/key.pem")), "the key is its owner's only");
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .tls(TlsSettings.of(ca, dir.resolve("cert/key.pem")))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private RunResult run(String target, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", target, "--connections", "2", "--pipeline", "4",
                "--warmup", "0", "--duration", "300ms", "--threads", "1", "--quiet", "--drain", "15s",
                "--out", dir.resolve("runs").toString(), "--label", "t"));
        args.addAll(List.of(extra));
        return TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void ndjsonOverTlsAnswersEveryRequestOnceOnBothClientProviders() throws Exception {
        for (String provider : List.of("jdk", "openssl")) {
            RunResult result = run("tls://127.0.0.1:" + server.tcpAddress().getPort(), "--ca", ca.toString(),
                    "--tls-provider", provider);
            assertFalse(result.failed(), result.summary());
            assertTrue(result.latency.getTotalCount() > 0, result.summary());
            assertTrue(result.summary().contains("TLS (" + (provider.equals("jdk") ? "JDK" : "OpenSSL") + " client"),
                    result.summary());
        }
    }

    @Test
    void streamableHttpOverTlsWithAnExtraHeaderAnswersEveryRequestOnce() throws Exception {
        RunResult result = run("https://127.0.0.1:" + server.httpAddress().getPort() + "/mcp", "--ca", ca.toString(),
                "--header", "Authorization: Bearer not-checked-here", "--header", "X-Trace: 1");
        assertFalse(result.failed(), result.summary());
        assertTrue(result.latency.getTotalCount() > 0, result.summary());
        assertTrue(result.summary().contains("2 extra header(s)"), result.summary());
    }

    @Test
    void theHandshakeCommandCountsFullHandshakes() throws Exception {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            // 2 s, not less: a cold first handshake took 480 ms on a loaded machine, and a window
            // that short counted none; the test is about counting, not speed.
            int status = TachyonBench.run(new String[] {"handshake", "--target",
                "tls://127.0.0.1:" + server.tcpAddress().getPort(), "--ca", ca.toString(), "--tls-protocol", version,
                "--concurrency", "2", "--warmup", "0", "--duration", "2s"},
                    new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
            String out = printed.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, out);
            assertTrue(out.contains("failures     0"), out);
            assertTrue(out.matches("(?s).*handshakes   [1-9][0-9,]* in .*"), out);
            assertTrue(out.contains(version), out);
        }
    }

    @Test
    void flagsThatDoNotFitTheTargetAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {
            "--target", "tls://127.0.0.1:1"}), "a TLS target needs --ca");
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {
            "--target", "tcp://127.0.0.1:1", "--ca", ca.toString()}), "--ca on a plaintext target");
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {
            "--target", "tcp://127.0.0.1:1", "--header", "A: b"}), "--header on TCP");
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {
            "--target", "http://127.0.0.1:1/mcp", "--header", "no colon"}), "a header without a name");
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {
            "--target", "https://127.0.0.1:1/mcp", "--ca", ca.toString(), "--cert", ca.toString()}),
                "--cert without --key");
    }
}
