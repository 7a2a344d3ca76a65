package dev.tachyon.sysconfig;

import dev.tachyon.server.observability.PrometheusMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.demo.DemoTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard queries only what the server exports: every PromQL query in it names
 * metrics found in the real {@code /metrics} of a running server after real traffic, and every
 * query is valid PromQL ({@code promtool check rules}).
 */
class DashboardTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path DASHBOARD = MODULE.resolve("grafana/tachyon-dashboard.json");

    /** PromQL words that are not metric names. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,");

    private static TachyonServer server;
    private static Set<String> exported;

    @TempDir
    Path dir;

    @BeforeAll
    static void scrapeARunningServer() throws Exception {
        server = DemoTools.register(PrometheusMetrics.attach(TachyonServer.builder()).tcp("127.0.0.1", 0).ioThreads(1)
                .admin("127.0.0.1", 0))
                .build().start();
        traffic(server.tcpAddress());
        System.gc(); // so the GC pause timer exists
        Thread.sleep(200);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        exported = sampleNames(metrics.body());
    }

    @AfterAll
    static void close() {
        if (server != null) {
            server.close();
        }
    }

    /** One session with a successful call, a failing call and a bad line, so outcome series exist. */
    private static void traffic(InetSocketAddress tcp) throws IOException {
        try (Socket socket = new Socket(tcp.getAddress(), tcp.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(String.join("\n",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"dashboard-test\",\"version\":\"1\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"sleep\",\"arguments\":{\"ms\":1}}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"no/such\"}",
                    "").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int answers = 0; answers < 4; answers++) {
                assertTrue(in.readLine() != null, "answer " + (answers + 1));
            }
        }
    }

    /** The names of the samples in a Prometheus text exposition. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                Matcher name = IDENTIFIER.matcher(line);
                assertTrue(name.lookingAt(), line);
                names.add(name.group());
            }
        }
        return names;
    }

    /** The metric names a PromQL expression selects. */
    static Set<String> metricNames(String promql) {
        String rest = STRING.matcher(promql).replaceAll("\"\"");
        rest = rest.replaceAll("\\{[^}]*\\}", " ");       // label matchers
        rest = rest.replaceAll("\\[[^\\]]*\\]", " ");     // range selectors
        rest = GROUPING.matcher(rest).replaceAll(" ");     // by (...), on (...)
        rest = rest.replaceAll("\\$\\{?\\w+\\}?", " ");   // Grafana variables
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String word = identifier.group();
            int after = identifier.end();
            while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
                after++;
            }
            boolean function = after < rest.length() && rest.charAt(after) == '(';
            boolean number = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /** Every query in the dashboard, by where it is: panel targets' {@code expr} and variable queries. */
    private static Map<String, String> queries() throws IOException {
        Config dashboard = ConfigFactory.parseString(Files.readString(DASHBOARD),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        Map<String, String> queries = new LinkedHashMap<>();
        collect(dashboard.root(), "$", queries);
        return queries;
    }

    private static void collect(ConfigValue value, String path, Map<String, String> queries) {
        if (value instanceof ConfigObject) {
            for (Map.Entry<String, ConfigValue> member : ((ConfigObject) value).entrySet()) {
                String where = path + "." + member.getKey();
                ConfigValue child = member.getValue();
                if (member.getKey().equals("expr") && child.valueType() == ConfigValueType.STRING) {
                    queries.put(where, (String) child.unwrapped());
                } else {
                    collect(child, where, queries);
                }
            }
        } else if (value instanceof ConfigList) {
            ConfigList list = (ConfigList) value;
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), path + "[" + i + "]", queries);
            }
        }
    }

    @Test
    void everyQueryNamesOnlyMetricsTheServerExports() throws IOException {
        Map<String, String> queries = queries();
        assertTrue(queries.size() >= 20, "the dashboard has its queries: " + queries.size());
        List<String> unknown = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Set<String> names = metricNames(query.getValue());
            if (names.isEmpty()) {
                unknown.add(query.getKey() + ": names no metric: " + query.getValue());
            }
            for (String name : names) {
                used.add(name);
                if (!exported.contains(name)) {
                    unknown.add(query.getKey() + ": " + name + " is not exported");
                }
            }
        }
        assertTrue(unknown.isEmpty(), () -> String.join("\n", unknown) + "\nexported: " + exported);
        // The dashboard covers what operators need: requests, latency, sessions, bytes, overload, memory, GC.
        for (String needed : List.of("tachyon_requests_total", "tachyon_request_duration_seconds_bucket",
                "tachyon_sessions", "tachyon_connections", "tachyon_received_bytes_total", "tachyon_sent_bytes_total",
                "tachyon_worker_queue_depth", "tachyon_worker_rejections_total", "tachyon_bufferpool_pooled_direct_bytes",
                "tachyon_requests_in_flight", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum")) {
            assertTrue(used.contains(needed), "the dashboard shows " + needed);
        }
    }

    @Test
    void theInstanceVariableListsInstancesOfAnExportedMetric() throws IOException {
        String dashboard = Files.readString(DASHBOARD);
        Matcher variable = LABEL_VALUES.matcher(dashboard);
        assertTrue(variable.find(), "an instance variable");
        do {
            assertTrue(exported.contains(variable.group(1)), variable.group());
        } while (variable.find());
    }

    @Test
    void everyQueryIsValidPromQl() throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String query : queries().values()) {
            String promql = query.replace("$__rate_interval", "1m").replace("$instance", ".*");
            rules.append("      - record: dashboard:query").append(n++).append('\n')
                    .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        Process promtool = new ProcessBuilder(promtool(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), output + "\n" + rules);
    }

    @Test
    void theDashboardIsImportable() throws IOException {
        Config dashboard = ConfigFactory.parseString(Files.readString(DASHBOARD),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        assertEquals("tachyon-overview", dashboard.getString("uid"));
        assertFalse(dashboard.getString("title").isBlank());
        Set<Integer> ids = new TreeSet<>();
        for (Config panel : dashboard.getConfigList("panels")) {
            assertTrue(ids.add(panel.getInt("id")), "panel ids are unique: " + panel.getInt("id"));
            assertTrue(panel.hasPath("gridPos.w") && panel.hasPath("gridPos.h"), "placed: " + panel.getString("title"));
            if (!panel.getString("type").equals("row")) {
                assertEquals("${datasource}", panel.getString("datasource.uid"), panel.getString("title"));
            }
        }
    }

    @Test
    void theExtractorReadsPromQl() {
        assertEquals(Set.of("a_total", "b_seconds_bucket"), metricNames(
                "sum by (method, le) (rate(a_total{x=~\"$instance\",o!~\"ok|by\"}[$__rate_interval])) "
                        + "/ on(le) group_left histogram_quantile(0.99, b_seconds_bucket[5m]) * 1e3 > bool 0"));
        assertEquals(Set.of(), metricNames("vector(1)"));
    }

    static String promtool() {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("promtool is not installed: it comes with the Debian package 'prometheus', which "
                + ".ci/apt-packages lists; run .ci/run (it installs what is missing) or apt-get install prometheus");
    }
}
