package dev.tachyon.server.config;

import static dev.tachyon.server.config.ConfigTesting.load;
import static dev.tachyon.server.config.ConfigTesting.problems;
import static dev.tachyon.server.config.ConfigTesting.properties;
import static dev.tachyon.server.config.ConfigTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void everyKnownKeyHasOneSettingFromTheDefaults() {
        TachyonConfig config = ConfigLoader.defaults();
        List<String> keys = config.settings().stream().map(Setting::key).collect(Collectors.toList());
        assertEquals(List.copyOf(ConfigLoader.knownKeys()), keys);
        assertTrue(config.settings().stream().allMatch(s -> s.source().equals(SettingSource.defaultValue())));
        assertEquals("tachyon.limits.max-frame-bytes = 4 MiB  # default",
                config.setting("tachyon.limits.max-frame-bytes").orElseThrow().toString());
        assertEquals("tachyon.server.name = \"tachyon\"  # default",
                config.setting("tachyon.server.name").orElseThrow().toString());
        assertEquals("30s", config.setting("tachyon.protocol.client-request-timeout").orElseThrow().value());
    }

    @Test
    void fileValuesOverrideDefaultsAndNameTheirLine() throws Exception {
        Path file = write(dir, "t.conf",
                "tachyon {",
                "  tcp.port = 7900",
                "  limits.max-frame-bytes = 512k",
                "  shutdown.drain-timeout = 1500ms",
                "}");
        TachyonConfig config = load(file);
        assertEquals(7900, config.tcp().port());
        assertEquals("127.0.0.1", config.tcp().host());
        assertEquals(512 * 1024, config.limits().maxFrameBytes());
        assertEquals(Duration.ofMillis(1500), config.shutdown().drainTimeout());
        Setting port = config.setting("tachyon.tcp.port").orElseThrow();
        assertEquals(new Setting("tachyon.tcp.port", "7900", SettingSource.file(file + ":2")), port);
        assertEquals("512 KiB", config.setting("tachyon.limits.max-frame-bytes").orElseThrow().value());
        assertEquals("1500ms", config.setting("tachyon.shutdown.drain-timeout").orElseThrow().value());
        assertEquals(SettingSource.defaultValue(), config.setting("tachyon.tcp.host").orElseThrow().source());
    }

    @Test
    void precedenceIsDefaultsFileEnvironmentPropertiesOverrides() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.tcp.port = 7001", "tachyon.http.port = 7002",
                "tachyon.admin.port = 7003", "tachyon.workers.threads = 7");
        Map<String, String> env = Map.of("TACHYON_HTTP_PORT", "8002", "TACHYON_ADMIN_PORT", "8003",
                "TACHYON_WORKERS_THREADS", "8");
        Properties props = properties("tachyon.admin.port", "9003", "tachyon.workers.threads", "9");
        List<ConfigOverride> overrides = List.of(
                new ConfigOverride("tachyon.workers.threads", "10", SettingSource.commandLine("--test")));

        TachyonConfig config = ConfigLoader.load(file, env, props, overrides);

        assertEquals(7001, config.tcp().port());
        assertEquals(8002, config.http().port());
        assertEquals(9003, config.admin().port());
        assertEquals(10, config.workers().threads());
        assertEquals("environment TACHYON_HTTP_PORT", source(config, "tachyon.http.port"));
        assertEquals("system property tachyon.admin.port", source(config, "tachyon.admin.port"));
        assertEquals("command line --test", source(config, "tachyon.workers.threads"));
        assertEquals(file + ":1", source(config, "tachyon.tcp.port"));
    }

    @Test
    void environmentVariablesMapEveryKeyOneToOne() {
        assertEquals("TACHYON_LIMITS_MAX_FRAME_BYTES", ConfigLoader.environmentVariableFor("tachyon.limits.max-frame-bytes"));
        Map<String, String> env = Map.of("TACHYON_LIMITS_MAX_FRAME_BYTES", "8 MiB", "TACHYON_TCP_ENABLED", "false",
                "TACHYON_STDIO_ENABLED", "yes", "TACHYON_PROTOCOL_CLIENT_REQUEST_TIMEOUT", "2m",
                "PATH", "/usr/bin", "TACHYONX", "not ours");
        TachyonConfig config = ConfigLoader.load(null, env, new Properties());
        assertEquals(8 * 1024 * 1024, config.limits().maxFrameBytes());
        assertFalse(config.tcp().enabled());
        assertTrue(config.stdio().enabled());
        assertEquals(Duration.ofMinutes(2), config.protocol().clientRequestTimeout());
        assertEquals("2m", config.setting("tachyon.protocol.client-request-timeout").orElseThrow().value());
    }

    @Test
    void unknownFileKeyNamesFileLineAndNearestKey() throws Exception {
        Path file = write(dir, "t.conf", "tachyon {", "  tcp {", "    prot = 7900", "  }", "}");
        List<ConfigProblem> problems = problems(file);
        assertEquals(1, problems.size(), problems::toString);
        ConfigProblem problem = problems.get(0);
        assertEquals("tachyon.tcp.prot", problem.key());
        assertEquals(file + ":3", problem.location());
        assertEquals("tachyon.tcp.port", problem.suggestion().orElseThrow());
        assertEquals(file + ":3: tachyon.tcp.prot: unknown key; did you mean tachyon.tcp.port?", problem.toString());
    }

    @Test
    void unknownKeysAreReportedInFileOrder() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.zz.port = 1", "tachyon.aa.port = 2", "tachyn.tcp.port = 3");
        List<String> locations = problems(file).stream().map(ConfigProblem::location).collect(Collectors.toList());
        assertEquals(List.of(file + ":1", file + ":2", file + ":3"), locations);
    }

    @Test
    void misspeltRootIsUnknownToo() throws Exception {
        Path file = write(dir, "t.conf", "tachyn.tcp.port = 7900");
        ConfigProblem problem = problems(file).get(0);
        assertEquals("tachyn.tcp.port", problem.key());
        assertEquals("tachyon.tcp.port", problem.suggestion().orElseThrow());
    }

    @Test
    void farFetchedUnknownKeyGetsNoSuggestion() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz = 1");
        ConfigProblem problem = problems(file).get(0);
        assertEquals("unknown key", problem.message());
        assertTrue(problem.suggestion().isEmpty());
    }

    @Test
    void everyProblemIsCollectedNotJustTheFirst() throws Exception {
        Path file = write(dir, "t.conf",
                "tachyon.tcp.port = 70000",
                "tachyon.http.port = 0",
                "tachyon.admin.port = \"abc\"",
                "tachyon.limits.max-frame-bytes = -1 MiB",
                "tachyon.protocol.page-size = 0",
                "tachyon.limits.max-json-depth = 1.5",
                "tachyon.http.path = mcp",
                "tachyon.protocol.client-request-timeout = 0s",
                "tachyon.shutdown.drain-timeout = -1s",
                "tachyon.io.native-transport = maybe",
                "tachyon.workers.threads = -1",
                "tachyon.server.name = \"\"",
                "tachyon.tcp.host = { a = 1 }",
                "tachyon.workers.queue-capcity = 5");
        List<ConfigProblem> problems = problems(file);
        Map<String, ConfigProblem> byKey = problems.stream()
                .collect(Collectors.toMap(ConfigProblem::key, p -> p));
        assertEquals(14, problems.size(), problems::toString);
        assertEquals("expected a whole number from 1 to 65535, got 70000", byKey.get("tachyon.tcp.port").message());
        assertEquals(file + ":1", byKey.get("tachyon.tcp.port").location());
        assertEquals("expected a whole number from 1 to 65535, got 0", byKey.get("tachyon.http.port").message());
        assertEquals("expected a whole number from 1 to 65535, got \"abc\"", byKey.get("tachyon.admin.port").message());
        assertEquals(file + ":4", byKey.get("tachyon.limits.max-frame-bytes").location());
        assertEquals("expected a size such as 4 MiB, at least 1 KiB and below 2 GiB, got \"-1 MiB\"",
                byKey.get("tachyon.limits.max-frame-bytes").message());
        assertEquals("expected a whole number of at least 1, got 0", byKey.get("tachyon.protocol.page-size").message());
        assertEquals("expected a whole number of at least 2, got 1.5", byKey.get("tachyon.limits.max-json-depth").message());
        assertEquals("expected a path starting with / and without spaces, got \"mcp\"", byKey.get("tachyon.http.path").message());
        assertEquals("expected a duration such as 30s or 500ms, at least 1ms, got \"0s\"",
                byKey.get("tachyon.protocol.client-request-timeout").message());
        assertEquals("expected a duration such as 30s or 500ms, zero or more, got \"-1s\"",
                byKey.get("tachyon.shutdown.drain-timeout").message());
        assertEquals("expected true or false, got \"maybe\"", byKey.get("tachyon.io.native-transport").message());
        assertEquals("expected a whole number of at least 0, got -1", byKey.get("tachyon.workers.threads").message());
        assertEquals("expected a non-empty string, got \"\"", byKey.get("tachyon.server.name").message());
        assertEquals("expected a host name or IP address, got {\"a\":1}", byKey.get("tachyon.tcp.host").message());
        assertEquals("tachyon.workers.queue-capacity", byKey.get("tachyon.workers.queue-capcity").suggestion().orElseThrow());
    }

    @Test
    void requestStateKeysAreCheckedAndNeverShown() throws Exception {
        String key = "k".repeat(40);
        Path good = write(dir, "keys.conf",
                "tachyon.protocol.request-state-key = \"" + key + "\"",
                "tachyon.protocol.request-state-ttl = 2m");
        TachyonConfig config = load(good);
        assertEquals(key, config.protocol().requestStateKey());
        assertEquals("", config.protocol().requestStatePreviousKey());
        assertEquals(Duration.ofMinutes(2), config.protocol().requestStateTtl());
        assertEquals("\"<redacted>\"", config.setting("tachyon.protocol.request-state-key").orElseThrow().value());
        assertEquals("\"\"", config.setting("tachyon.protocol.request-state-previous-key").orElseThrow().value());
        assertTrue(!config.protocol().toString().contains(key), "toString keeps the key out of logs");

        Path bad = write(dir, "short.conf",
                "tachyon.protocol.request-state-previous-key = \"too-short-secret\"",
                "tachyon.protocol.request-state-key = 42");
        Map<String, ConfigProblem> byKey = problems(bad).stream().collect(Collectors.toMap(ConfigProblem::key, p -> p));
        assertEquals("expected an empty string or a secret of at least 32 characters, got 16 characters",
                byKey.get("tachyon.protocol.request-state-previous-key").message());
        assertTrue(!byKey.toString().contains("too-short-secret"), "a problem does not show the secret");
        assertTrue(byKey.containsKey("tachyon.protocol.request-state-key"), byKey::toString);
    }

    @Test
    void objectReplacedByScalarIsOneProblem() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.tcp = 5");
        List<ConfigProblem> problems = problems(file);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(file + ":1: tachyon.tcp: expected an object with keys enabled, host, port, proxy-protocol, tls, got 5",
                problems.get(0).toString());
    }

    @Test
    void nullValueIsAProblem() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.tcp.port = null");
        ConfigProblem problem = problems(file).get(0);
        assertEquals("tachyon.tcp.port", problem.key());
        assertEquals(file + ":1", problem.location());
        assertEquals("expected a value, got null", problem.message());
    }

    @Test
    void unknownEnvironmentVariableNamesNearestVariableAndKey() {
        Map<String, String> env = Map.of("TACHYON_TCP_PROT", "7900", "TACHYON_HTTP_PORT", "x");
        List<ConfigProblem> problems = problems(null, env, new Properties());
        assertEquals(2, problems.size(), problems::toString);
        assertEquals("environment TACHYON_HTTP_PORT: tachyon.http.port: expected a whole number from 1 to 65535, got \"x\"",
                problems.get(1).toString());
        ConfigProblem unknown = problems.get(0);
        assertEquals("TACHYON_TCP_PROT", unknown.key());
        assertEquals("environment TACHYON_TCP_PROT", unknown.location());
        assertEquals("TACHYON_TCP_PORT (tachyon.tcp.port)", unknown.suggestion().orElseThrow());
    }

    /**
     * Kubernetes gives every pod of a namespace the service links of a Service named
     * {@code tachyon}; users keep a {@code TACHYON_HOME}. None of them is Tachyon's: the server
     * starts, ignoring them, while a typo of a real key's variable is still refused.
     */
    @Test
    void serviceLinksAndForeignVariablesAreIgnoredButATypoIsNot() {
        Map<String, String> env = new java.util.TreeMap<>(Map.of(
                "TACHYON_SERVICE_HOST", "10.0.0.1",
                "TACHYON_SERVICE_PORT", "7800",
                "TACHYON_SERVICE_PORT_MCP_HTTP", "8080",
                "TACHYON_PORT", "tcp://10.0.0.1:7800",
                "TACHYON_PORT_7800_TCP", "tcp://10.0.0.1:7800",
                "TACHYON_PORT_7800_TCP_PROTO", "tcp",
                "TACHYON_PORT_7800_TCP_PORT", "7800",
                "TACHYON_PORT_7800_TCP_ADDR", "10.0.0.1",
                "TACHYON_HOME", "/opt/tachyon",
                "TACHYON_HTTP_PORT", "8099"));
        TachyonConfig config = ConfigLoader.load(null, env, new Properties());
        assertEquals(8099, config.http().port(), "a real key's variable still applies");
        assertEquals(List.of("TACHYON_HOME", "TACHYON_PORT", "TACHYON_PORT_7800_TCP", "TACHYON_PORT_7800_TCP_ADDR",
                "TACHYON_PORT_7800_TCP_PORT", "TACHYON_PORT_7800_TCP_PROTO", "TACHYON_SERVICE_HOST",
                "TACHYON_SERVICE_PORT", "TACHYON_SERVICE_PORT_MCP_HTTP"), ConfigLoader.ignoredVariables(env));

        env.put("TACHYON_LIMITS_MAX_FRAME_BYTE", "8 MiB");
        List<ConfigProblem> problems = problems(null, env, new Properties());
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("TACHYON_LIMITS_MAX_FRAME_BYTES (tachyon.limits.max-frame-bytes)",
                problems.get(0).suggestion().orElseThrow());
        assertFalse(ConfigLoader.ignoredVariables(env).contains("TACHYON_LIMITS_MAX_FRAME_BYTE"));
    }

    @Test
    void unknownSystemPropertyNamesNearestKey() {
        List<ConfigProblem> problems = problems(null, Map.of(),
                properties("tachyon.tcp.prot", "1", "java.home", "/x", "tachyon.tcp.port", "2"));
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("system property tachyon.tcp.prot: unknown system property;"
                + " did you mean tachyon.tcp.port?", problems.get(0).toString());
    }

    @Test
    void substitutionsReadTheGivenEnvironment() throws Exception {
        Path file = write(dir, "t.conf",
                "tachyon.tcp.port = ${?PORT}",
                "tachyon.http.port = ${?UNSET_PORT}",
                "tachyon.server.name = ${tachyon.server.version}-node");
        TachyonConfig config = ConfigLoader.load(file, Map.of("PORT", "7123"), new Properties());
        assertEquals(7123, config.tcp().port());
        assertEquals(7801, config.http().port(), "an absent optional substitution leaves the default");
        assertEquals("0.1.0-node", config.server().name());
        assertEquals(file + ":1", source(config, "tachyon.tcp.port"));
    }

    @Test
    void unresolvedSubstitutionIsAProblem() throws Exception {
        Path file = write(dir, "t.conf", "tachyon.tcp.port = ${NOT_SET}");
        ConfigProblem problem = problems(file).get(0);
        assertEquals(file + ":1", problem.location());
        assertTrue(problem.message().contains("NOT_SET"), problem::toString);
    }

    @Test
    void missingAndMalformedFilesAreProblems() throws Exception {
        Path missing = dir.resolve("nope.conf");
        assertEquals(missing + ": no such file", problems(missing).get(0).toString());
        Path broken = write(dir, "broken.conf", "tachyon {", "  tcp.port = 1", "  http {");
        ConfigProblem problem = problems(broken).get(0);
        assertTrue(problem.location().startsWith(broken + ":"), problem::toString);
        assertEquals(dir + ": not a readable file", problems(dir).get(0).toString());
    }

    @Test
    void problemsInFileDoNotHideProblemsInEnvironment() throws Exception {
        Path broken = write(dir, "broken.conf", "tachyon {");
        List<ConfigProblem> problems = problems(broken, Map.of("TACHYON_TCP_PROT", "1"), properties("tachyon.nope", "1"));
        assertEquals(3, problems.size(), problems::toString);
    }

    @Test
    void conflictingListenersAndNoTransportAreProblems() throws Exception {
        Path clash = write(dir, "clash.conf", "tachyon.http { enabled = true, port = 7800 }");
        assertEquals(clash + ":1: tachyon.http.port: tachyon.tcp and tachyon.http both listen on 127.0.0.1:7800",
                problems(clash).get(0).toString());
        Path none = write(dir, "none.conf", "tachyon.tcp.enabled = false");
        assertEquals(none + ":1: tachyon.tcp.enabled: no transport is enabled; enable at least one of"
                + " tachyon.tcp, tachyon.http, tachyon.stdio", problems(none).get(0).toString());
    }

    @Test
    void tlsNeedsBothFilesAndMutualTlsNeedsACa() throws Exception {
        Path half = write(dir, "half.conf", "tachyon.tls.cert-chain = \"/etc/chain.pem\"");
        assertEquals("tachyon.tls.private-key", problems(half).get(0).key());
        Path noCa = write(dir, "noca.conf", "tachyon.tls { cert-chain = a.pem, private-key = k.pem, client-auth = require }");
        assertEquals("tachyon.tls.client-ca", problems(noCa).get(0).key());
        Path oldProtocol = write(dir, "old.conf", "tachyon.tls.protocols = \"TLSv1.3, TLSv1\"");
        assertEquals("tachyon.tls.protocols", problems(oldProtocol).get(0).key());
        Path badProvider = write(dir, "provider.conf", "tachyon.tls.provider = boringssl");
        assertEquals("tachyon.tls.provider", problems(badProvider).get(0).key());
        Path on = write(dir, "on.conf", "tachyon.tls { cert-chain = a.pem, private-key = k.pem }\n"
                + "tachyon.admin.tls.enabled = false");
        TlsConfig tls = ConfigLoader.load(on, Map.of(), new Properties()).tls();
        assertTrue(tls.configured() && tls.onTcp() && tls.onHttp() && !tls.onAdmin(), tls.toString());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertEquals("jdk", tls.provider());
    }

    @Test
    void overrideOfUnknownKeyIsACallerDefect() {
        List<ConfigOverride> overrides = List.of(new ConfigOverride("tachyon.nope", "1", SettingSource.commandLine("--x")));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, Map.of(), new Properties(), overrides));
    }

    @Test
    void exceptionMessageListsEveryProblem() {
        TachyonConfigException e = assertThrows(TachyonConfigException.class,
                () -> ConfigLoader.load(null, Map.of("TACHYON_TCP_PROT", "1", "TACHYON_HTTP_PAHT", "2"), new Properties()));
        String[] lines = e.getMessage().split(System.lineSeparator());
        assertEquals("invalid configuration (2 problems):", lines[0]);
        assertEquals("  environment TACHYON_HTTP_PAHT: unknown environment variable;"
                + " did you mean TACHYON_HTTP_PATH (tachyon.http.path)?", lines[1]);
        assertThrows(IllegalArgumentException.class, () -> new TachyonConfigException(List.of()));
    }

    private static String source(TachyonConfig config, String key) {
        return config.setting(key).orElseThrow().source().description();
    }
}
