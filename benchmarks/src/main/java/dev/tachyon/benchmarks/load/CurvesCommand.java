package dev.tachyon.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code tachyon-bench curves}: the cost curves of issue 15. Tachyon over TCP and the newline
 * echo ceiling, each a child process in turn (so the generator and each server have their own
 * open-file limit: 15,000 connections need 15,000 descriptors on both ends), through four
 * sweeps of the ordinary load generator, one run per point; then {@link CurveSheet} draws the
 * two targets on the same axes and writes every point as CSV.
 *
 * <pre>
 *   connections  1 .. 15,000 connections, 1 request in flight each (closed loop)
 *   pipeline     64 connections, 1 .. 64 requests in flight each
 *   payload      16 connections x 1, echo text of 100 B .. 4 MiB (less 1 KiB: see USAGE)
 *   load         open loop over 1,000 connections at rising rates: latency against throughput
 * </pre>
 * A point that fails is kept in the CSV with its reason and left out of the pictures; the exit
 * status is then 1.
 *
 * <p>With {@code --rounds N} the targets run in turn N times, as in {@code compare}: each
 * ratio of Tachyon to the ceiling at a point is taken within one round ({@link RoundRatios}),
 * {@code rounds.md} has every round's ratio and their median, and the pictures and the CSV show
 * at each point the round whose throughput is the median of that target's rounds.
 */
final class CurvesCommand {

    static final List<Long> CONNECTIONS = List.of(1L, 10L, 100L, 1000L, 5000L, 15_000L);
    static final List<Long> PIPELINES = List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L);
    static final List<Long> PAYLOADS = List.of(100L, 1024L, 16_384L, 65_536L, 262_144L, 1_048_576L, 4_193_280L);
    static final List<Long> RATES = List.of(10_000L, 25_000L, 50_000L, 100_000L, 200_000L, 300_000L, 400_000L, 600_000L);

    static final String USAGE = String.join("\n",
            "usage: tachyon-bench curves [flags]",
            "",
            "Draws throughput and p99 latency of Tachyon (bin/tachyon serve, TCP) and of the newline",
            "echo ceiling on the same axes, one run of the load generator per point, each server a",
            "child process in turn. Writes OUT/connections.svg, pipeline.svg, payload.svg, load.svg",
            "and curves.csv (every point); each run's own files go to OUT/runs/LABEL/.",
            "  connections  closed loop, 1 in flight per connection, at --connections",
            "  pipeline     closed loop, 64 connections, at --pipelines requests in flight each",
            "  payload      closed loop, 16 connections x 1, echo text of --payloads bytes (the",
            "               request argument and the answer both carry it; 4 MiB less 1 KiB at the",
            "               top, so the request line fits the 4 MiB frame limit of both servers)",
            "  load         open loop over --rate-connections connections at --rates msg/s",
            "",
            "flags:",
            "  --duration D           measured time of each point (10s); --warmup D before it (3s)",
            "  --cold-warmup D        the warm-up of the first point after a server starts (15s, at",
            "                         least --warmup): a fresh JVM is still compiling after a few seconds",
            "  --sweeps LIST          connections,pipeline,payload,load (all)",
            "  --targets LIST         tachyon,ceiling (both)",
            "  --connections LIST     " + join(CONNECTIONS),
            "  --pipelines LIST       " + join(PIPELINES),
            "  --payloads LIST        " + join(PAYLOADS),
            "  --rates LIST           " + join(RATES),
            "  --rate-connections N   connections of the load sweep (1000)",
            "  --rounds N             run the targets N times in turn (1); each Tachyon / ceiling ratio is",
            "                         taken within one round; OUT/rounds.md has every round's ratios of the",
            "                         connections, pipeline and payload points and their median; the",
            "                         pictures show each point's median round",
            "  --threads N            generator event loops (one per core)",
            "  --out DIR              where the pictures and the CSV go (benchmarks/curves)",
            "  --jvm-profile NAME     both servers run with the flags of vm-tuning/profiles/NAME.options",
            "                         (default: bin/tachyon's default flags); named in the pictures' caption",
            "  --tachyon PATH         the launcher that serves Tachyon (bin/tachyon); 'classpath' runs",
            "                         dev.tachyon.server.cli.Main from the generator's own class path",
            "  --root DIR             the project (found from the launcher or the working directory)",
            "",
            "Full run (defaults): 2 targets x 28 points x (10 s + 3 s), 12 s more at each start: about 14 minutes.",
            "Quick look: --duration 1s --warmup 500ms --cold-warmup 3s (about 2 minutes).");

    static final List<String> TARGETS = List.of("tachyon", "ceiling");

    private static final long START_TIMEOUT_SECONDS = 300; // bin/tachyon may build server-core first
    /**
     * The default {@code --cold-warmup}: past the JIT's climb. Shorter than compare's, which also
     * waits out G1's growth of the young generation: a sweep's later points run on the same server.
     */
    private static final long COLD_WARMUP_NANOS = 15_000_000_000L;
    /** Tachyon's limits for the curves: every connection of the sweep comes from 127.0.0.1. */
    private static final String TACHYON_CONFIG = "# written by tachyon-bench curves: all its connections come from one address\n"
            + "tachyon.limits.max-connections-per-address = 18000\n";

    private final PrintStream out;
    private final Path root;
    private final Path dir;
    private final String duration;
    private final String warmup;
    private final String coldWarmup;
    /** True from a server's start to its first point, which then warms up for {@link #coldWarmup}. */
    private boolean cold;
    private final Set<CurveSheet.Sweep> sweeps = new LinkedHashSet<>();
    private final Set<String> targets;
    private final List<Long> connections;
    private final List<Long> pipelines;
    private final List<Long> payloads;
    private final List<Long> rates;
    private final int rateConnections;
    private final int threads;
    private final int rounds;
    private final String tachyon;
    private final JvmProfile jvm;
    /** Every point of every round, in the order measured: index = round - 1. */
    private final List<List<CurveSheet.Point>> measured = new ArrayList<>();
    private boolean anyFailed;

    private CurvesCommand(Flags f, PrintStream out) {
        this.out = out;
        this.root = Path.of(f.string("root", ChildServers.defaultRoot().toString())).toAbsolutePath().normalize();
        this.dir = Path.of(f.string("out", root.resolve("benchmarks/curves").toString())).toAbsolutePath();
        this.duration = LoadOptions.seconds(f.nanos("duration", 10_000_000_000L));
        long warmupNanos = f.nanos("warmup", 3_000_000_000L);
        this.warmup = LoadOptions.seconds(warmupNanos);
        this.coldWarmup = CompareCommand.coldWarmup(f, warmupNanos, COLD_WARMUP_NANOS);
        for (String name : f.string("sweeps", "connections,pipeline,payload,load").split(",")) {
            sweeps.add(Arrays.stream(CurveSheet.Sweep.values()).filter(s -> s.file.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--sweeps: connections, pipeline, payload, load; got " + name)));
        }
        this.targets = new LinkedHashSet<>(Arrays.asList(f.string("targets", String.join(",", TARGETS)).split(",")));
        if (!TARGETS.containsAll(targets)) {
            throw new IllegalArgumentException("--targets: names from " + TARGETS + ", got " + targets);
        }
        this.connections = list(f, "connections", CONNECTIONS, 1, 50_000);
        this.pipelines = list(f, "pipelines", PIPELINES, 1, 65_536);
        this.payloads = list(f, "payloads", PAYLOADS, 0, 16 * 1024 * 1024);
        this.rates = list(f, "rates", RATES, 1, 100_000_000);
        this.rateConnections = f.integer("rate-connections", 1000, 1, 50_000);
        this.threads = f.integer("threads", 0, 0, 256);
        this.rounds = f.integer("rounds", 1, 1, 20);
        this.tachyon = f.string("tachyon", root.resolve("bin/tachyon").toString());
        String profile = f.string("jvm-profile", null);
        f.finish();
        if (!f.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument: " + f.positional().get(0));
        }
        this.jvm = JvmProfile.load(root, profile);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        return new CurvesCommand(new Flags(args, Set.of()), out).run();
    }

    private int run() throws Exception {
        Path runs = dir.resolve("runs");
        Files.createDirectories(runs);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = SystemFacts.loadAverage();
        out.println("tachyon-bench curves: servers' JVM flags, " + jvm.describe());
        for (int round = 1; round <= rounds; round++) {
            measured.add(new ArrayList<>());
            for (String target : targets) {
                measure(target, runs, round);
            }
        }
        String caption = String.format("TCP echo calls; ceiling = bare Netty newline echo. %s, %d cores, load avg %s -> %s,"
                + " %s per point%s, JVM %s", started, SystemFacts.cores(), loadBefore, SystemFacts.loadAverage(), duration,
                rounds > 1 ? ", median of " + rounds + " rounds" : "", jvm.name() == null ? "default flags" : "profile " + jvm.name());
        for (Path file : medianSheet().write(dir, caption)) {
            out.println("tachyon-bench curves: wrote " + file);
        }
        if (rounds > 1) {
            Path file = dir.resolve("rounds.md");
            String table = roundsMarkdown(caption);
            Files.writeString(file, table);
            out.println();
            out.print(table);
            out.println("tachyon-bench curves: wrote " + file);
        }
        return anyFailed ? 1 : 0;
    }

    /** Each point of each target from the round whose throughput is that point's median (the lower middle of an even count). */
    private CurveSheet medianSheet() {
        CurveSheet sheet = new CurveSheet();
        for (CurveSheet.Point first : measured.get(0)) {
            List<CurveSheet.Point> all = new ArrayList<>();
            for (List<CurveSheet.Point> round : measured) {
                round.stream().filter(p -> samePoint(p, first)).findFirst().ifPresent(all::add);
            }
            // a failed point (NaN) sorts last: it is drawn only when most rounds of the point failed
            all.sort((a, b) -> Double.compare(Double.isNaN(a.throughput()) ? Double.MAX_VALUE : a.throughput(),
                    Double.isNaN(b.throughput()) ? Double.MAX_VALUE : b.throughput()));
            sheet.add(all.get((all.size() - 1) / 2));
        }
        return sheet;
    }

    private static boolean samePoint(CurveSheet.Point a, CurveSheet.Point b) {
        return a.sweep() == b.sweep() && a.target().equals(b.target()) && a.x() == b.x();
    }

    /** Tachyon over the ceiling at every point of the closed-loop sweeps, per round and their median. */
    private String roundsMarkdown(String caption) {
        List<RoundRatios.Ratio> ratios = new ArrayList<>();
        for (CurveSheet.Sweep sweep : sweeps) {
            if (sweep != CurveSheet.Sweep.LOAD) { // an open-loop run's throughput is its offered rate: no ratio
                for (long x : points(sweep)) {
                    String key = sweep.file + "-" + x;
                    ratios.add(new RoundRatios.Ratio(sweep.file + " " + x + ": Tachyon / ceiling", "tachyon", key, "ceiling", key));
                }
            }
        }
        return "# Cost curves, " + rounds + " rounds\n\n" + caption + ".\n\n" + RoundRatios.markdown(RoundRatios.PER_ROUND,
                rounds, ratios,
                (target, key, round) -> measured.get(round - 1).stream()
                        .filter(p -> p.target().equals(target) && (p.sweep().file + "-" + Math.round(p.x())).equals(key)
                                && p.failure() == null)
                        .mapToDouble(CurveSheet.Point::throughput).findFirst().orElse(Double.NaN));
    }

    /** Starts {@code target}, runs every sweep against it, stops it. */
    private void measure(String target, Path runs, int round) throws Exception {
        int port = ChildServers.freePort();
        boolean raw = target.equals("ceiling");
        List<String> command;
        String ready;
        if (raw) {
            command = ChildServers.javaCommand(jvm.flags(), TachyonBench.class.getName(), "ceiling", "--port", Integer.toString(port));
            ready = "tachyon-bench ceiling ready";
        } else {
            Path config = runs.resolve("tachyon-curves.conf");
            Files.writeString(config, TACHYON_CONFIG);
            command = new ArrayList<>(jvm.tachyon(tachyon));
            command.addAll(List.of("serve", "--tcp", "127.0.0.1:" + port, "--config", config.toString()));
            ready = "tachyon ready";
        }
        out.println("tachyon-bench curves: starting " + target + ": " + String.join(" ", command));
        ServerProcess server;
        try {
            server = ServerProcess.start(target, command, runs.resolve(RoundRatios.label(target, round, rounds) + ".log"), ready, START_TIMEOUT_SECONDS);
        } catch (LoadRun.RunFailed e) {
            out.println("tachyon-bench curves: " + target + " did not start: " + e.getMessage());
            anyFailed = true;
            return;
        }
        cold = true;
        try {
            String address = "tcp://127.0.0.1:" + port;
            for (CurveSheet.Sweep sweep : sweeps) {
                for (long x : points(sweep)) {
                    point(sweep, target, x, runs, round, loadArgs(sweep, address, x, raw));
                }
            }
        } finally {
            server.close();
        }
    }

    private List<Long> points(CurveSheet.Sweep sweep) {
        switch (sweep) {
            case CONNECTIONS: return connections;
            case PIPELINE: return pipelines;
            case PAYLOAD: return payloads;
            default: return rates;
        }
    }

    /** The generator's flags for one point. */
    private List<String> loadArgs(CurveSheet.Sweep sweep, String address, long x, boolean raw) {
        List<String> args = new ArrayList<>(List.of("--target", address));
        switch (sweep) {
            case CONNECTIONS:
                args.addAll(List.of("--connections", Long.toString(x), "--pipeline", "1"));
                break;
            case PIPELINE:
                args.addAll(List.of("--connections", "64", "--pipeline", Long.toString(x)));
                break;
            case PAYLOAD:
                args.addAll(List.of("--connections", "16", "--pipeline", "1", "--payload-bytes", Long.toString(x)));
                break;
            default:
                args.addAll(List.of("--mode", "rate", "--rate", Long.toString(x), "--connections", Integer.toString(rateConnections)));
                break;
        }
        if (raw) {
            args.add("--raw");
        }
        if (threads > 0) {
            args.addAll(List.of("--threads", Integer.toString(threads)));
        }
        return args;
    }

    private void point(CurveSheet.Sweep sweep, String target, long x, Path runs, int round, List<String> loadArgs)
            throws Exception {
        List<CurveSheet.Point> points = measured.get(round - 1);
        List<String> args = new ArrayList<>(loadArgs);
        args.addAll(List.of("--duration", duration, "--warmup", cold ? coldWarmup : warmup, "--quiet", "--label",
                RoundRatios.label(target + "-" + sweep.file + "-" + x, round, rounds), "--out", runs.toString()));
        cold = false;
        try {
            RunResult r = TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])), out);
            String failure = r.failed() ? String.format("%d lost, %d duplicated, %d mismatched, %d problems%s", r.lost,
                    r.duplicated, r.mismatched, r.problemCount, r.problems.isEmpty() ? "" : " (first: " + r.problems.get(0) + ")")
                    : null;
            anyFailed |= failure != null;
            points.add(new CurveSheet.Point(sweep, target, x, r.throughput(), r.millisAt(50), r.millisAt(99), r.errorAnswers, failure));
        } catch (LoadRun.RunFailed e) {
            out.println("tachyon-bench curves: " + target + " " + sweep.file + " " + x + " FAILED: " + e.getMessage());
            anyFailed = true;
            points.add(new CurveSheet.Point(sweep, target, x, Double.NaN, Double.NaN, Double.NaN, 0, e.getMessage()));
        }
    }

    private static List<Long> list(Flags f, String name, List<Long> fallback, long min, long max) {
        String v = f.string(name, null);
        if (v == null) {
            return fallback;
        }
        List<Long> values = new ArrayList<>();
        for (String item : v.split(",")) {
            long n = Flags.parseCount(name, item.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + ": each value from " + min + " to " + max + ", got " + n);
            }
            values.add(n);
        }
        return List.copyOf(values);
    }

    private static String join(List<Long> values) {
        return String.join(",", values.stream().map(String::valueOf).toList()) + " (default)";
    }
}
