package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> environment = Map.of();
    private final Properties properties = new Properties();
    private TachyonConfig served;
    private String servedFixture;

    private int run(String... args) {
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment, properties, (config, fixture) -> {
                    served = config;
                    servedFixture = fixture;
                    return 42;
                });
        return cli.run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("tachyon.conf");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void helpGoesToStdoutAndSucceeds() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"},
                new String[] {"serve", "--help"}, new String[] {"config", "print", "-h"})) {
            out.reset();
            assertEquals(0, run(args), String.join(" ", args));
            assertTrue(out().startsWith("Usage: tachyon <command>"), out());
        }
        assertEquals("", err());
        assertNull(served);
    }

    @Test
    void configCheckValidatesTheTlsFiles() throws IOException {
        TestPki pki = TestPki.ca("check");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        pki.leaf("server", true).write(chain, key, 0);
        Path ca = pki.writeCa(dir.resolve("ca.pem"));
        Path good = file("tachyon.tls { cert-chain = \"" + chain + "\", private-key = \"" + key + "\"",
                "  client-ca = \"" + ca + "\", client-auth = require }");
        assertEquals(0, run("config", "check", good.toString()), err());
        assertEquals("TLS provider: JDK\nOK\n", out(), "the default");
        out.reset();
        Path auto = file("tachyon.tls { cert-chain = \"" + chain + "\", private-key = \"" + key + "\", provider = auto }");
        assertEquals(0, run("config", "check", auto.toString()), err());
        // netty-tcnative is on the test class path: auto runs OpenSSL (BoringSSL).
        assertEquals("TLS provider: OpenSSL (BoringSSL)\nOK\n", out());

        // A key of another certificate: a half-renewed pair.
        Path otherChain = dir.resolve("other-chain.pem");
        Path otherKey = dir.resolve("other-key.pem");
        pki.leaf("other", true).write(otherChain, otherKey, 0);
        Path mismatched = file("tachyon.tls { cert-chain = \"" + chain + "\", private-key = \"" + otherKey + "\" }");
        assertEquals(1, run("config", "check", mismatched.toString()));
        assertTrue(err().contains(mismatched + ":1: tachyon.tls.private-key: " + otherKey
                + ": this key does not belong to the first certificate of " + chain), err());

        err.reset();
        Path missing = file("tachyon.tls { cert-chain = \"" + dir.resolve("nope.pem") + "\", private-key = \"" + chain
                + "\" }");
        assertEquals(1, run("config", "check", missing.toString()));
        assertTrue(err().contains("tachyon.tls.cert-chain: " + dir.resolve("nope.pem") + ": no such file"), err());
        assertTrue(err().contains("tachyon.tls.private-key: " + chain + ": no PEM private key"), err());
    }

    @Test
    void versionPrintsTheServerVersion() {
        assertEquals(0, run("version"));
        assertTrue(out().startsWith("tachyon 0.1.0 (Java "), out());
        assertEquals(2, run("version", "extra"));
    }

    @Test
    void unknownCommandOrFlagPrintsUsageToStderrAndExits2() {
        assertEquals(2, run("srve"));
        assertTrue(err().startsWith("tachyon: unknown command: srve"), err());
        assertTrue(err().contains("Usage: tachyon <command>"), err());
        assertEquals("", out());
        err.reset();
        assertEquals(2, run("serve", "--tpc", "127.0.0.1:1"));
        assertTrue(err().startsWith("tachyon: unknown flag for serve: --tpc"), err());
        assertTrue(err().contains("Usage: tachyon <command>"), err());
        err.reset();
        assertEquals(2, run());
        assertTrue(err().startsWith("tachyon: missing command"), err());
        err.reset();
        assertEquals(2, run("--frobnicate"));
        assertTrue(err().startsWith("tachyon: unknown flag: --frobnicate"), err());
        assertNull(served);
    }

    @Test
    void badHostPortIsAClearErrorWithoutTheWholeUsage() {
        assertEquals(2, run("serve", "--tcp", "localhost"));
        assertEquals("tachyon: --tcp expects HOST:PORT, such as 127.0.0.1:7800, but got 'localhost': the port is missing"
                + System.lineSeparator() + "Run 'tachyon --help' for usage." + System.lineSeparator(), err());
        assertNull(served);
    }

    @Test
    void serveWithoutFlagsUsesTheConfigurationAndTheDemoFixture() {
        assertEquals(42, run("serve"));
        assertEquals("demo", servedFixture);
        assertTrue(served.tcp().enabled());
        assertEquals(7800, served.tcp().port());
        assertEquals("", out(), "serve must keep stdout clean for the stdio transport");
    }

    @Test
    void transportFlagsStartOnlyTheTransportsNamed() throws IOException {
        Path config = file("tachyon.http.enabled = true", "tachyon.tcp.port = 7000");
        assertEquals(42, run("serve", "--config", config.toString(), "--stdio", "--fixture=conformance",
                "--admin", "0.0.0.0:9100"));
        assertEquals("conformance", servedFixture);
        assertTrue(served.stdio().enabled());
        assertTrue(!served.tcp().enabled() && !served.http().enabled(), served::toString);
        assertEquals(7000, served.tcp().port(), "the file still supplies what the flags do not");
        assertTrue(served.admin().enabled());
        assertEquals("0.0.0.0", served.admin().host());
        assertEquals(9100, served.admin().port());
        assertEquals("command line --stdio", served.setting("tachyon.stdio.enabled").orElseThrow().source().description());
    }

    @Test
    void tcpAndHttpFlagsSetHostAndPort() {
        assertEquals(42, run("serve", "--tcp", "[::1]:7900", "--http=0.0.0.0:8080"));
        assertEquals("::1", served.tcp().host());
        assertEquals(7900, served.tcp().port());
        assertTrue(served.http().enabled());
        assertEquals("0.0.0.0", served.http().host());
        assertEquals(8080, served.http().port());
        assertEquals("/mcp", served.http().path());
        assertTrue(!served.stdio().enabled());
    }

    @Test
    void flagsOverrideEnvironmentAndProperties() {
        environment = Map.of("TACHYON_TCP_PORT", "7100");
        properties.setProperty("tachyon.tcp.port", "7200");
        assertEquals(42, run("serve"));
        assertEquals(7200, served.tcp().port());
        assertEquals(42, run("serve", "--tcp", "127.0.0.1:7300"));
        assertEquals(7300, served.tcp().port());
    }

    @Test
    void serveWithBadConfigurationPrintsProblemsAndExits1() throws IOException {
        Path config = file("tachyon.tcp.prot = 1");
        assertEquals(1, run("serve", "--config", config.toString()));
        assertEquals(config + ":1: tachyon.tcp.prot: unknown key; did you mean tachyon.tcp.port?" + System.lineSeparator()
                + "tachyon: invalid configuration (1 problem)" + System.lineSeparator(), err());
        assertNull(served);
    }

    @Test
    void badServeFlagValuesExit2() {
        assertEquals(2, run("serve", "--fixture", "bogus"));
        assertTrue(err().startsWith("tachyon: --fixture expects demo or conformance, but got 'bogus'"), err());
        assertEquals(2, run("serve", "--tcp", "127.0.0.1:1", "--tcp", "127.0.0.1:2"));
        assertTrue(err().contains("--tcp is given more than once"), err());
        assertEquals(2, run("serve", "--stdio=yes"));
        assertTrue(err().contains("--stdio takes no value"), err());
        assertEquals(2, run("serve", "--config"));
        assertTrue(err().contains("--config needs a value"), err());
        assertEquals(2, run("serve", "extra"));
        assertTrue(err().contains("unknown argument for serve: extra"), err());
        assertNull(served);
    }

    @Test
    void configCheckPrintsOkForAGoodFile() throws IOException {
        Path config = file("tachyon.tcp.port = 7900");
        assertEquals(0, run("config", "check", config.toString()));
        assertEquals("OK" + System.lineSeparator(), out());
        assertEquals("", err());
    }

    @Test
    void configCheckPrintsEveryProblemAndExits1() throws IOException {
        Path config = file("tachyon {", "  tcp.prot = 1", "  http.port = 0", "}");
        environment = Map.of("TACHYON_HTTP_PAHT", "/x");
        assertEquals(1, run("config", "check", config.toString()));
        String[] lines = err().split(System.lineSeparator());
        assertEquals(List.of(
                "environment TACHYON_HTTP_PAHT: unknown environment variable;"
                        + " did you mean TACHYON_HTTP_PATH (tachyon.http.path)?",
                config + ":2: tachyon.tcp.prot: unknown key; did you mean tachyon.tcp.port?",
                config + ":3: tachyon.http.port: expected a whole number from 1 to 65535, got 0",
                "tachyon: invalid configuration (3 problems)"), List.of(lines));
        assertEquals("", out());
    }

    @Test
    void configCheckNeedsExactlyOneFile() {
        assertEquals(2, run("config", "check"));
        assertEquals(2, run("config", "check", "a", "b"));
        assertEquals(1, run("config", "check", dir.resolve("missing.conf").toString()));
        assertTrue(err().contains("missing.conf: no such file"), err());
        assertEquals(2, run("config"));
        assertEquals(2, run("config", "lint"));
    }

    @Test
    void configPrintListsEveryKeySortedWithItsOrigin() throws IOException {
        Path config = file("tachyon.tcp.port = 7900");
        environment = Map.of("TACHYON_WORKERS_THREADS", "3");
        properties.setProperty("tachyon.limits.max-frame-bytes", "1048576");
        assertEquals(0, run("config", "print", "--config", config.toString()));
        List<String> lines = List.of(out().split(System.lineSeparator()));
        assertEquals(lines.stream().sorted().collect(Collectors.toList()), lines);
        assertTrue(lines.contains("tachyon.tcp.port = 7900  # " + config + ":1"), out());
        assertTrue(lines.contains("tachyon.workers.threads = 3  # environment TACHYON_WORKERS_THREADS"), out());
        assertTrue(lines.contains("tachyon.limits.max-frame-bytes = 1 MiB  # system property tachyon.limits.max-frame-bytes"),
                out());
        assertTrue(lines.contains("tachyon.http.path = \"/mcp\"  # default"), out());
        assertEquals(ConfigLoader.knownKeys().size(), lines.size());
    }

    @Test
    void configPrintWithoutFileShowsDefaultsAndRejectsStrayArguments() {
        assertEquals(0, run("config", "print"));
        assertTrue(out().contains("tachyon.tcp.port = 7800  # default"), out());
        assertEquals(2, run("config", "print", "extra"));
        assertEquals(2, run("config", "print", "--config", "a", "--config", "b"));
    }
}
