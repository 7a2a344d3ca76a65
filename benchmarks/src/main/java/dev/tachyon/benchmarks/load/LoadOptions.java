package dev.tachyon.benchmarks.load;

import java.nio.file.Path;
import java.util.Set;

/** The settings of one load run, from the command line. */
final class LoadOptions {

    enum Mode { MAX, RATE }

    static final Set<String> SWITCHES = Set.of("raw", "quiet");

    final Target target;
    /** The generator's TLS for a tls:// or https:// target, else null. */
    final ClientTls tls;
    /** Extra HTTP header lines ({@code Name: value}) sent with every request, e.g. Authorization. */
    final java.util.List<String> headers;
    final Mode mode;
    final int connections;
    final int pipeline;
    final double rate;
    final long durationNanos;
    final long warmupNanos;
    final String toolSpec;
    final int payloadBytes;
    final long sleepMillis;
    final boolean raw;
    final int threads;
    final Path outDir;
    final String label;
    final long drainNanos;
    final int connectConcurrency;
    final boolean quiet;
    /** A server process whose CPU time over the measured window to report (its JVM, when a launcher), or 0. */
    final long serverPid;

    private LoadOptions(Flags f) {
        target = Target.parse(f.required("target"));
        tls = ClientTls.from(f, target);
        headers = f.all("header");
        for (String header : headers) {
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+:[ \t]*[^\r\n]*")) {
                throw new IllegalArgumentException("--header must be \"Name: value\" on one line, got " + header);
            }
        }
        if (!headers.isEmpty() && target.transport() != Target.Transport.HTTP) {
            throw new IllegalArgumentException("--header needs an http:// or https:// target");
        }
        String m = f.string("mode", "max");
        switch (m) {
            case "max": mode = Mode.MAX; break;
            case "rate": mode = Mode.RATE; break;
            default: throw new IllegalArgumentException("--mode must be max or rate, got " + m);
        }
        connections = f.integer("connections", 64, 1, 50_000);
        pipeline = f.integer("pipeline", 1, 1, 65_536);
        rate = f.number("rate", 0);
        if (mode == Mode.RATE && !(rate > 0)) {
            throw new IllegalArgumentException("--mode rate needs --rate R (messages per second, all connections)");
        }
        if (mode == Mode.MAX && rate > 0) {
            throw new IllegalArgumentException("--rate only applies to --mode rate");
        }
        durationNanos = f.nanos("duration", 10_000_000_000L);
        warmupNanos = f.nanos("warmup", 5_000_000_000L);
        toolSpec = f.string("tool", "echo");
        payloadBytes = f.integer("payload-bytes", 32, 0, 16 * 1024 * 1024);
        sleepMillis = f.integer("sleep-ms", 1000, 0, 600_000);
        raw = f.flag("raw");
        threads = f.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        label = f.string("label", "run");
        if (!label.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--label: letters, digits, '.', '_', '-' only");
        }
        outDir = Path.of(f.string("out", "benchmarks/target/bench")).resolve(label);
        drainNanos = f.nanos("drain", 10_000_000_000L);
        connectConcurrency = f.integer("connect-concurrency", 256, 1, 50_000);
        quiet = f.flag("quiet");
        serverPid = f.integer("server-pid", 0, 0, Integer.MAX_VALUE);
        if (raw && tls != null) {
            throw new IllegalArgumentException("--raw works over tcp:// and http:// only (the ceilings have no TLS)");
        }
        if (durationNanos <= 0 || warmupNanos < 0) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }

    static LoadOptions parse(String[] args) {
        Flags flags = new Flags(args, SWITCHES);
        LoadOptions options = new LoadOptions(flags);
        flags.finish();
        if (!flags.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument: " + flags.positional().get(0));
        }
        return options;
    }

    /** One line naming the load, for summaries. */
    String describe() {
        return (mode == Mode.MAX ? "max (closed loop), pipeline " + pipeline : String.format("rate %,.0f msg/s (open loop)", rate))
                + ", " + connections + " connections, tool " + toolSpec + ", payload " + payloadBytes + " B"
                + (raw ? ", raw (no MCP)" : "") + (tls == null ? "" : ", TLS (" + tls.describe() + ")")
                + (headers.isEmpty() ? "" : ", " + headers.size() + " extra header(s)") + ", warmup " + seconds(warmupNanos) + ", duration " + seconds(durationNanos);
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? (long) s + "s" : s + "s";
    }
}
