package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code tachyon-bench compare} measured, as Markdown: the machine, one row per run with
 * its ratio to the run it is compared with, and the exact commands.
 *
 * <pre>
 *   TCP max            Tachyon answers/s / ceiling answers/s
 *   HTTP max           Tachyon answers/s / HTTP ceiling answers/s (Tachyon's row);
 *                      Tachyon answers/s / each peer's answers/s (the peers' rows)
 *   latency at rate R  Tachyon p99 / ceiling p99 at the same R
 * </pre>
 * and beside each, the server's and the generator's cores used and answers per server
 * CPU-second ({@link CpuWindow}) with its ratio to the same reference.
 */
final class CompareReport {

    /** One run: a result, or why there is none. */
    private static final class Row {
        /** The round (1-based), or 0 for a run of an interleaving cycle. */
        final int round;
        /** The interleaving cycle (1-based), or 0 for a run of a round. */
        final int cycle;
        final String target;
        final String transport;
        final String kind;
        final RunResult result;
        /** The server's and the generator's CPU in the measured window, or null when unknown. */
        final CpuWindow.Use cpu;
        final String failure;

        Row(int round, int cycle, String target, String transport, String kind, RunResult result, CpuWindow.Use cpu,
                String failure) {
            this.round = round;
            this.cycle = cycle;
            this.target = target;
            this.transport = transport;
            this.kind = kind;
            this.result = result;
            this.cpu = cpu;
            this.failure = failure;
        }

        boolean ok() {
            return result != null && !result.failed();
        }

        /** Answers per CPU-second of the server, or NaN when not known. */
        double perServerCpuSecond() {
            return ok() && cpu != null ? cpu.perServerCpuSecond(result.answers) : Double.NaN;
        }
    }

    private final Path root;
    private final Path node;
    private final JvmProfile jvm;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private int round = 1;
    private int rounds = 1;
    private int cycle;
    private int cycles;
    private Instant started;
    private String loadBefore;
    private String loadAfter;

    CompareReport(Path root, Path node, JvmProfile jvm) {
        this.root = root;
        this.node = node;
        this.jvm = jvm;
    }

    void begin() {
        started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        loadBefore = SystemFacts.loadAverage();
    }

    void end() {
        loadAfter = SystemFacts.loadAverage();
    }

    /**
     * Notes a command as it would be typed at the project root: paths under the root relative to
     * it, and a class path of several entries (the test class path) as {@code CLASSPATH}.
     */
    void command(String target, List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        String prefix = root + "/";
        for (int k = 0; k < command.size(); k++) {
            String arg = command.get(k);
            boolean classPath = k > 0 && command.get(k - 1).equals("-cp") && arg.contains(java.io.File.pathSeparator);
            shown.add(classPath ? "CLASSPATH" : arg.startsWith(prefix) ? arg.substring(prefix.length()) : arg);
        }
        commands.add(target + ": " + String.join(" ", shown));
    }

    /** Rows recorded from now on belong to {@code round} (1-based); ratios compare rows of one round only. */
    void round(int round) {
        this.round = round;
        this.rounds = Math.max(rounds, round);
    }

    /**
     * Rows recorded from now on belong to interleaving cycle {@code cycle} (1-based), listed in
     * their own table; ratios compare rows of one cycle only.
     */
    void cycle(int cycle) {
        this.cycle = cycle;
        this.cycles = Math.max(cycles, cycle);
    }

    /** A run's row; {@code cpu} null when the CPU time could not be read. */
    void result(String target, String transport, String kind, RunResult result, CpuWindow.Use cpu) {
        rows.add(new Row(cycle > 0 ? 0 : round, cycle, target, transport, kind, result, cpu, null));
    }

    void failed(String target, String transport, String kind, String why) {
        rows.add(new Row(cycle > 0 ? 0 : round, cycle, target, transport, kind, null, null, why));
    }

    boolean anyFailed() {
        return rows.stream().anyMatch(r -> !r.ok());
    }

    /** The whole report under {@code heading} (a Markdown heading line). */
    String markdown(String heading) {
        StringBuilder m = new StringBuilder(heading).append("\n\n");
        m.append("`tachyon-bench compare`, ").append(started).append(": each server a child process (in a round,"
                + " alone; when interleaved, up with the others, which are idle while it is measured), with the"
                + " generator on the same machine. Echo calls with 32-byte text; answers/s over the measured"
                + " window; latency of closed-loop runs from send time, of open-loop runs from intended send time.\n\n");
        m.append("- machine: ").append(SystemFacts.cores()).append(" cores (nproc), ").append(cpuModel())
                .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append('\n');
        m.append("- load average: before ").append(loadBefore).append("; after ").append(loadAfter).append('\n');
        m.append("- JDK: ").append(SystemFacts.jdk()).append(" (generator, ceilings, Tachyon, Quarkus and Java SDK peers)\n");
        m.append("- Java servers' JVM flags, the same for all, ").append(jvm.describe()).append('\n');
        m.append("- Tachyon: ").append(tachyonVersion()).append('\n');
        m.append("- MCP Java SDK ").append(mavenVersion("io.modelcontextprotocol.sdk", "mcp-core")).append(" on Tomcat ")
                .append(org.apache.catalina.util.ServerInfo.getServerInfo().replaceFirst(".*/", ""))
                .append(" (sync server, immediate execution, Streamable HTTP servlet; answers as SSE)\n");
        m.append("- HTTP ceiling: bare Netty HTTP/1.1 keep-alive, every request answered with a constant ")
                .append(HttpConstantAnswer.ECHO_ANSWER.length).append("-byte JSON body, the size of Tachyon's echo answer\n");
        m.append("- Quarkus MCP ").append(quarkusVersions()).append(" (quarkus-mcp-server-http, Streamable HTTP, JVM mode)\n");
        m.append("- MCP TypeScript SDK ").append(tsSdkVersion()).append(" on Node ").append(nodeVersion())
                .append(" (stateful sessions, enableJsonResponse)\n\n");
        m.append(rounds > 1 ? "| round " : "").append("| target | transport | load | answers/s | p50 ms | p99 ms | p99.9 ms | errors | ratio"
                + " | server cores | generator cores | generator ns per answer | answers per server CPU-s | ratio per server CPU-s |\n");
        m.append(rounds > 1 ? "|---:" : "").append("|---|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            if (row.cycle > 0) {
                continue;
            }
            m.append(rounds > 1 ? "| " + row.round + " " : "").append("| ").append(row.target).append(" | ").append(row.transport).append(" | ").append(load(row));
            if (row.result == null) {
                m.append(" | - | - | - | - | ").append(failure(row))
                        .append(" | - | - | - | - | - | - |\n");
                continue;
            }
            RunResult r = row.result;
            m.append(String.format(" | %,.0f | %s | %s | %s | %s | %s", r.throughput(), millis(r.millisAt(50)),
                    millis(r.millisAt(99)), millis(r.millisAt(99.9)), errors(r), ratio(row)));
            m.append(row.cpu == null ? " | - | - | - | -" : String.format(" | %.2f | %.2f | %s | %s", row.cpu.serverCores(),
                    row.cpu.generatorCores(), whole(row.cpu.generatorCpuSeconds() * 1e9 / r.answers),
                    whole(row.perServerCpuSecond())));
            m.append(" | ").append(ratioPerCpu(row)).append(" |\n");
        }
        m.append("\nRatios: TCP max is Tachyon over the newline echo ceiling; HTTP max is Tachyon over the HTTP ceiling"
                + " (Tachyon's row) and Tachyon over each peer (the peers' rows); a latency"
                + " run's is its p99 over the ceiling's p99 at the same rate. Each run's files (summary, .hgrm,"
                + " JSON, plot) are in the output directory under the run's label.\n\n");
        m.append("Server cores: the CPU-seconds (user + system, every thread, from /proc/PID/stat) the server's"
                + " process used per second of the measured window; generator cores the same of the generator."
                + " Both share the machine's cores, so answers/s mixes the server's cost with the generator's;"
                + " answers per server CPU-second is the server's own cost, and its ratios are taken like the"
                + " throughput ratios (each run's cpu.json has the figures). Generator ns per answer: the"
                + " generator's CPU per answer, which should be alike for every target of one transport: it does"
                + " the same work per answer (a TCP ceiling's echoed line is matched by its id, as an answer is; an HTTP"
                + " ceiling's body is read as an answer is).\n\n");
        m.append(RoundRatios.markdown(RoundRatios.PER_ROUND, rounds,
                RoundRatios.COMPARE, (target, key, round) -> maxFigure(target, key, round, 0)));
        if (cycles > 0) {
            m.append(interleaved());
        }
        m.append("Commands, in order:\n\n```\n");
        commands.forEach(c -> m.append(c).append('\n'));
        return m.append("```\n").toString();
    }

    /** The interleaving cycles' table and their ratios ({@code compare --interleave}). */
    private String interleaved() {
        StringBuilder m = new StringBuilder("Interleaved (`--interleave ").append(cycles).append("`): Tachyon and its"
                + " references up at once, then in each cycle one max run of each in turn, the order reversed every"
                + " other cycle; each server's first run on a transport had the cold warm-up. A ratio is taken"
                + " between runs of one cycle, minutes closer in time than a round's.\n\n");
        m.append("| cycle | target | transport | load | answers/s | errors | server cores | generator cores"
                + " | answers per server CPU-s |\n|---:|---|---|---|---:|---|---:|---:|---:|\n");
        for (Row row : rows) {
            if (row.cycle == 0) {
                continue;
            }
            m.append("| ").append(row.cycle).append(" | ").append(row.target).append(" | ").append(row.transport)
                    .append(" | ").append(load(row));
            if (row.result == null) {
                m.append(" | - | ").append(failure(row)).append(" | - | - | - |\n");
                continue;
            }
            m.append(String.format(" | %,.0f | %s", row.result.throughput(), errors(row.result)));
            m.append(row.cpu == null ? " | - | - | -" : String.format(" | %.2f | %.2f | %s", row.cpu.serverCores(),
                    row.cpu.generatorCores(), whole(row.perServerCpuSecond())));
            m.append(" |\n");
        }
        m.append('\n');
        m.append(RoundRatios.markdown("Ratios per interleaving cycle (each within one cycle) and their median:", "cycle",
                cycles, RoundRatios.COMPARE, (target, key, c) -> maxFigure(target, key, 0, c)));
        return m.toString();
    }

    /**
     * A max run's answers/s, or its answers per server CPU-second when {@code key} ends with
     * {@link RoundRatios#PER_SERVER_CPU}: of {@code round}'s run, or of {@code cycle}'s; NaN when there is none.
     */
    private double maxFigure(String target, String key, int round, int cycle) {
        boolean perCpu = key.endsWith(RoundRatios.PER_SERVER_CPU);
        String transport = perCpu ? key.substring(0, key.length() - RoundRatios.PER_SERVER_CPU.length()) : key;
        Row r = find(target, transport, "max", round, cycle);
        return r == null ? Double.NaN : perCpu ? r.perServerCpuSecond() : r.result.throughput();
    }

    /** A failed run's cell: FAILED and why, on one line, with no column separator in it. */
    private static String failure(Row row) {
        return "FAILED: " + row.failure.replace('|', '/').replace('\n', ' ');
    }

    /** A figure rounded to a whole number with thousands separators; "-" for NaN or infinite. */
    private static String whole(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format("%,.0f", value);
    }

    private static String load(Row row) {
        if (row.result == null) {
            return row.kind;
        }
        LoadOptions o = row.result.options;
        String raw = o.raw ? ", raw" : "";
        if (o.mode == LoadOptions.Mode.MAX) {
            return String.format("max, %,d conn x %d%s", o.connections, o.pipeline, raw);
        }
        return String.format("%,.0f/s open loop, %,d conn%s", o.rate, o.connections, raw);
    }

    /** The throughput ratio of a max run; a latency run's p99 against the ceiling's. */
    private String ratio(Row row) {
        return ratio(row, r -> r.kind.equals("max") ? r.result.throughput() : r.result.millisAt(99), "p99 %.1fx ceiling's");
    }

    /** The ratio of answers per server CPU-second, against the same reference run as {@link #ratio(Row)}. */
    private String ratioPerCpu(Row row) {
        return ratio(row, Row::perServerCpuSecond, "%.2f of ceiling");
    }

    /**
     * {@code figure} of a row against its reference run of the same round: over TCP the newline
     * ceiling's, over HTTP the HTTP ceiling's (Tachyon's row) or Tachyon's over the peer's (the
     * peers' rows); a latency run's against the ceiling's at the same rate, in {@code rateFormat}.
     */
    private String ratio(Row row, ToDoubleFunction<Row> figure, String rateFormat) {
        if (!row.ok() || Double.isNaN(figure.applyAsDouble(row))) {
            return "-";
        }
        double own = figure.applyAsDouble(row);
        if (row.kind.equals("max") && row.transport.equals("tcp")) {
            Row ceiling = find("ceiling", "tcp", "max", row.round, 0);
            return row.target.equals("ceiling") ? "reference"
                    : ceiling == null ? "-" : quotient("%.2f of ceiling", own, figure.applyAsDouble(ceiling));
        }
        if (row.kind.equals("max")) {
            Row tachyon = find("tachyon", "http", "max", row.round, 0);
            Row ceiling = find("http-ceiling", "http", "max", row.round, 0);
            if (row.target.equals("tachyon")) {
                return ceiling == null ? "reference" : quotient("%.2f of HTTP ceiling", own, figure.applyAsDouble(ceiling));
            }
            return row.target.equals("http-ceiling") ? "reference"
                    : tachyon == null ? "-" : quotient("Tachyon %.1fx", figure.applyAsDouble(tachyon), own);
        }
        Row ceiling = find("ceiling", "tcp", row.kind, row.round, 0);
        return row.target.equals("ceiling") ? "reference"
                : ceiling == null ? "-" : quotient(rateFormat, own, figure.applyAsDouble(ceiling));
    }

    /** {@code a / b} in {@code format}, or "-" when there is nothing to divide by. */
    private static String quotient(String format, double a, double b) {
        return b > 0 && !Double.isNaN(a) ? String.format(format, a / b) : "-";
    }

    private Row find(String target, String transport, String kind, int round, int cycle) {
        for (Row r : rows) {
            if (r.round == round && r.cycle == cycle && r.target.equals(target) && r.transport.equals(transport) && r.kind.equals(kind) && r.ok()) {
                return r;
            }
        }
        return null;
    }

    private static String errors(RunResult r) {
        String s = r.errors.isEmpty() ? "0" : r.errors.toString().replaceAll("[{}]", "");
        if (r.failed()) {
            s += String.format("; FAILED: %,d lost, %,d duplicated, %,d mismatched, %,d problems", r.lost, r.duplicated,
                    r.mismatched, r.problemCount);
        }
        return s;
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : ms < 10 ? String.format("%.3f", ms) : String.format("%.1f", ms);
    }

    /**
     * Writes {@code section} (starting with its {@code heading} line) into {@code file}: in place
     * of the section with that heading, which ends at the next heading of the same level, or at
     * the end of the file when there is none.
     */
    static void writeSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        Files.writeString(file, replaceSection(text, heading, section));
    }

    static String replaceSection(String text, String heading, String section) {
        String body = section.endsWith("\n") ? section : section + "\n";
        Matcher start = Pattern.compile("(?m)^" + Pattern.quote(heading) + "[ \\t]*$").matcher(text);
        if (!start.find()) {
            String sep = text.isEmpty() ? "" : text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            return text + sep + body;
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("(?m)^" + Pattern.quote(level) + "\\S").matcher(text);
        int end = next.find(start.end()) ? next.start() : text.length();
        return text.substring(0, start.start()) + body + (end < text.length() ? "\n" : "") + text.substring(end);
    }

    private String tachyonVersion() {
        String version = mavenVersion("dev.tachyon", "tachyon-server");
        List<String> commit = run(root, "git", "rev-parse", "--short", "HEAD");
        List<String> changes = run(root, "git", "status", "--porcelain", "--untracked-files=no");
        return version + (commit.isEmpty() ? "" : ", commit " + commit.get(0) + (changes.isEmpty() ? "" : " with local changes"));
    }

    private String tsSdkVersion() {
        Path pkg = root.resolve("benchmarks/peers/ts/node_modules/@modelcontextprotocol/sdk/package.json");
        try {
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(pkg));
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "(not installed)";
        }
    }

    private String nodeVersion() {
        List<String> v = Files.isExecutable(node) ? run(root, node.toString(), "--version") : List.of();
        return v.isEmpty() ? "(not installed)" : v.get(0).replaceFirst("^v", "");
    }

    private static String mavenVersion(String group, String artifact) {
        try (InputStream in = CompareReport.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    /** The versions named in the Quarkus peer's pom: quarkus-mcp-server and Quarkus. */
    private String quarkusVersions() {
        try {
            String pom = Files.readString(root.resolve("benchmarks/peers/quarkus/pom.xml"));
            return property(pom, "quarkus-mcp.version") + " on Quarkus " + property(pom, "quarkus.version");
        } catch (IOException e) {
            return "(no peer at benchmarks/peers/quarkus)";
        }
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        return m.find() ? m.group(1) : "unknown";
    }

    /** The output lines of a short command, or none when it fails. */
    static List<String> run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
