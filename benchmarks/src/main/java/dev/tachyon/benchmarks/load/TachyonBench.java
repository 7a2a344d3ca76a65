package dev.tachyon.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code tachyon-bench}: the MCP load generator and its companions.
 *
 * <pre>
 *   tachyon-bench [run] --target tcp://HOST:PORT | tls://HOST:PORT | http(s)://HOST:PORT/mcp [load flags]
 *   tachyon-bench handshake --target tls://HOST:PORT | https://HOST:PORT/mcp --ca PEM [flags]
 *   tachyon-bench cert --out DIR
 *   tachyon-bench ceiling [--http] [--host H] [--port P] [--threads N]
 *   tachyon-bench curves [--out DIR] ...
 *   tachyon-bench sessions --target tcp://HOST:PORT --admin HOST:PORT --count N [--sleep-ms N]
 *   tachyon-bench compare [--out DIR] ...
 * </pre>
 * Exit status: 0 when the run is sound, 1 when a request was not answered exactly once (or a
 * connection broke), 2 for bad usage.
 */
public final class TachyonBench {

    static final String USAGE = String.join("\n",
            "usage: tachyon-bench [run] --target tcp://HOST:PORT|tls://HOST:PORT|http(s)://HOST:PORT/mcp [flags]",
            "       tachyon-bench handshake --target tls://HOST:PORT|https://HOST:PORT/mcp --ca PEM [flags]",
            "       tachyon-bench cert --out DIR [--key-type ec|rsa]   a throwaway self-signed certificate",
            "       tachyon-bench ceiling [--http] [--host 127.0.0.1] [--port 7900] [--threads 0]",
            "                 the newline echo, or (--http) HTTP/1.1 answering a constant echo-sized JSON body",
            "       tachyon-bench sessions --target tcp://HOST:PORT --admin HOST:PORT --count N [flags]",
            "       tachyon-bench compare [flags]   (tachyon-bench compare --help, sessions --help)",
            "       tachyon-bench curves [flags]    cost curves as SVG (tachyon-bench curves --help)",
            "",
            "load flags:",
            "  --mode max|rate        closed loop (default) or open loop at --rate",
            "  --connections N        connections, each with its own MCP session (64)",
            "  --pipeline N           max mode: requests kept in flight per connection (1)",
            "  --rate R               rate mode: messages per second over all connections (50k, 1.5M)",
            "  --duration D           measured time (10s); --warmup D before it (5s)",
            "  --tool MIX             tools to call, weighted: echo, echo:9,add:1, ping (echo)",
            "  --payload-bytes N      length of echo's text (32); --sleep-ms N for the sleep tool",
            "  --raw                  no MCP handshake: for the ceilings (a line answers the request whose id it\n"
            + "                         carries, else the oldest; any HTTP 200 answers the oldest, a JSON-RPC\n"
            + "                         error in its body counted by its code)",
            "  --threads N            generator event loops (one per core)",
            "  --label NAME           names the output directory (run)",
            "  --out DIR              output root (benchmarks/target/bench); files in DIR/NAME/",
            "  --drain D              how long to wait for the last answers (10s)",
            "  --connect-concurrency N  sessions being opened at once (256)",
            "  --ca PEM               TLS targets: the CA (or self-signed certificate) to trust",
            "  --cert PEM --key PEM   TLS targets: a client certificate (mutual TLS)",
            "  --tls-protocol V       TLSv1.3 or TLSv1.2 only; --tls-provider auto|jdk|openssl (auto)",
            "  --header 'N: V'        HTTP targets: an extra header on every request (repeatable)",
            "  --server-pid PID       also report the server's CPU over the measured window (cores, answers per",
            "                         server CPU-second, the kernel's share; cpu.json), as compare does; PID may",
            "                         be a launcher whose child JVM serves",
            "  --quiet                no live line");

    private TachyonBench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
        String[] rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (Arrays.asList(rest).contains("--help") || command.equals("help")) {
            out.println(command.equals("compare") ? CompareCommand.USAGE
                    : command.equals("sessions") ? SessionsCommand.USAGE
                    : command.equals("handshake") ? HandshakeCommand.USAGE
                    : command.equals("curves") ? CurvesCommand.USAGE
                    : command.equals("cert") ? CertCommand.USAGE : USAGE);
            return 0;
        }
        try {
            switch (command) {
                case "run":
                    return load(LoadOptions.parse(rest), out);
                case "ceiling":
                    return ceiling(rest, err);
                case "sessions":
                    return SessionsCommand.run(rest, out);
                case "compare":
                    return CompareCommand.run(rest, out);
                case "curves":
                    return CurvesCommand.run(rest, out);
                case "handshake":
                    return HandshakeCommand.run(rest, out);
                case "cert":
                    return CertCommand.run(rest, out);
                default:
                    err.println("tachyon-bench: unknown command '" + command + "'\n" + USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("tachyon-bench: " + e.getMessage());
            return 2;
        } catch (LoadRun.RunFailed e) {
            err.println("tachyon-bench: FAILED: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("tachyon-bench: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs one load and writes its files; the exit status says whether it was sound. */
    static int load(LoadOptions options, PrintStream out) throws Exception {
        if (options.serverPid == 0) {
            return execute(options, out).failed() ? 1 : 0;
        }
        ProcessHandle server = ProcessHandle.of(options.serverPid)
                .orElseThrow(() -> new IllegalArgumentException("--server-pid: no process " + options.serverPid));
        CpuWindow window = new CpuWindow(server);
        RunResult result = execute(options, out, window);
        if (window.report(result, out) == null) {
            out.println("  server cpu   unknown: /proc/" + options.serverPid + "/stat could not be read at both edges");
        }
        return result.failed() ? 1 : 0;
    }

    static RunResult execute(LoadOptions options, PrintStream out) throws Exception {
        return execute(options, out, LoadRun.MeasuredWindow.NONE);
    }

    /** A load run whose measured window's two edges are told to {@code window}. */
    static RunResult execute(LoadOptions options, PrintStream out, LoadRun.MeasuredWindow window) throws Exception {
        out.println("tachyon-bench: " + options.target + ": " + options.describe());
        RunResult result = new LoadRun(options).execute(out, window);
        Path dir = result.writeFiles();
        out.print(result.summary());
        out.println("  files        " + dir + "/{summary.txt,latency.hgrm,result.json,latency.png}");
        return result;
    }

    private static int ceiling(String[] args, PrintStream err) throws InterruptedException {
        Flags flags = new Flags(args, java.util.Set.of("http"));
        boolean http = flags.flag("http");
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 7900, 0, 65535);
        int threads = flags.integer("threads", 0, 0, 256);
        flags.finish();
        EchoCeilingServer server = http ? EchoCeilingServer.startHttp(host, port, threads, HttpConstantAnswer.ECHO_ANSWER)
                : EchoCeilingServer.start(host, port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ceiling-shutdown"));
        err.println("tachyon-bench ceiling ready: " + (http ? "http " : "tcp ") + host + ":" + server.localAddress().getPort()
                + (server.isEpoll() ? " (epoll)" : " (nio)"));
        server.awaitClose();
        return 0;
    }
}
