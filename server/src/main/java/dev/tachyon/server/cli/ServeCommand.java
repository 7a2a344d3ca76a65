package dev.tachyon.server.cli;

import dev.tachyon.server.ConfigMapping;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.ToolCall;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.observability.PrometheusMetrics;
import dev.tachyon.server.observability.TracingSetup;
import dev.tachyon.server.observability.logging.Logs;
import dev.tachyon.server.schema.InputSchema;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tachyon serve}: builds the server the configuration describes, starts the transports
 * it enables, prints one line on stderr when ready, and runs until SIGTERM/SIGINT (or, with
 * stdio, until stdin ends). On SIGTERM it drains ({@link TachyonServer#drain()}: {@code /ready}
 * 503 at once, serving on for {@code tachyon.shutdown.ready-delay}, then it stops accepting,
 * ends streams clients reopen elsewhere, answers what it accepted) and exits 0.
 * SIGHUP reloads the TLS certificate files ({@link HangupReload}); it never stops the server.
 *
 * <p>Nothing but protocol goes to stdout: with stdio, stdout is the protocol stream.
 */
public final class ServeCommand {

    private ServeCommand() {
    }

    /** Runs the server until it is told to stop; returns the exit code. */
    public static int run(TachyonConfig config, String fixture) {
        return run(config, fixture, System.in, System.out, System.err);
    }

    static int run(TachyonConfig config, String fixture, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        // Also waits for the Netty warm-up Main started after logging, before anything below
        // touches Netty (see NettyWarmup).
        Logs.format(config.log().json());
        // Every setting reaches the server through the builder's one mapping; stdio, if enabled,
        // speaks on the streams this command was given.
        OutputStream protocolOut = stdout;
        if (config.stdio().enabled()) {
            // The client waits for the answer to initialize: schema validators compile after it
            // (InputSchema), once the first answer is flushed, not beside the start on a small machine.
            InputSchema.holdBackgroundCompilation();
            protocolOut = new FirstFlush(stdout, InputSchema::releaseBackgroundCompilation);
        }
        TachyonServer.Builder builder = ConfigMapping.builder(config).stdioStreams(stdin, protocolOut);
        if (config.admin().enabled()) {
            PrometheusMetrics.attach(builder); // /metrics in the Prometheus format, with the JVM's meters
        }
        Optional<OpenTelemetrySdk> tracing;
        try {
            tracing = TracingSetup.fromEnvironment(System.getenv(), System.getProperties());
        } catch (RuntimeException e) {
            stderr.println("tachyon: cannot set up tracing from the OTEL_* variables: " + e.getMessage());
            return ExitCode.FAILED;
        }
        tracing.ifPresent(builder::openTelemetry);
        switch (fixture) {
            case "conformance":
                // Over HTTP, test_reconnection ends its SSE stream early (SSE polling); elsewhere it just pauses.
                ConformanceFixture.register(builder, ToolCall::disconnect);
                break;
            case "demo":
                DemoTools.register(builder);
                break;
            default:
                stderr.println("tachyon: unknown fixture '" + fixture + "' (expected demo or conformance)");
                tracing.ifPresent(OpenTelemetrySdk::close);
                return ExitCode.USAGE;
        }
        TachyonServer server;
        try {
            server = builder.build();
        } catch (IllegalArgumentException | java.io.UncheckedIOException | IllegalStateException e) {
            // What the configuration points at is wrong (e.g. a malformed SKILL.md under
            // tachyon.skills.directory): the message names the file, a stack trace would bury it.
            stderr.println("tachyon: cannot start: " + e.getMessage());
            tracing.ifPresent(OpenTelemetrySdk::close);
            return ExitCode.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            if (!config.stdio().enabled()) {
                // A network server is ready once its first call will not wait; over stdio the client
                // waits for the start, so the validators compile beside it (InputSchema, cold start).
                InputSchema.awaitBackgroundCompilation();
            }
            server.start();
            List<String> listening = new ArrayList<>();
            if (server.tcpAddress() != null) {
                listening.add("tcp " + hostPort(server.tcpAddress()) + (server.usesEpoll() ? " (epoll)" : " (nio)"));
            }
            if (server.httpAddress() != null) {
                boolean https = config.tls().configured() && config.tls().onHttp();
                listening.add("http " + (https ? "https" : "http") + "://" + hostPort(server.httpAddress())
                        + config.http().path());
            }
            if (config.stdio().enabled()) {
                listening.add("stdio");
            }
            if (server.adminAddress() != null) {
                boolean https = config.tls().configured() && config.tls().onAdmin();
                listening.add("admin " + (https ? "https" : "http") + "://" + hostPort(server.adminAddress()));
            }
            if (config.cluster().clustered()) {
                listening.add("node " + config.cluster().nodeId());
            }
            tracing.ifPresent(t -> listening.add("tracing on"));
            if (HangupReload.install(server::reloadTls, config.tls().configured()) && config.tls().configured()) {
                listening.add("SIGHUP reloads TLS");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.drain(); // unready first, serving while the balancer notices, then close
                tracing.ifPresent(OpenTelemetrySdk::close); // exports the spans still buffered
                stopped.countDown();
                Logs.flush();
                stdout.flush();
                stderr.flush();
                // A JVM ended by SIGTERM exits 143 once its hooks return; a drained, clean stop is
                // a success for supervisors, so end here with 0.
                Runtime.getRuntime().halt(ExitCode.OK);
            }, "tachyon-shutdown"));
            stderr.println("tachyon ready: " + String.join(", ", listening) + "; fixture " + fixture);
            stderr.flush();
            server.awaitClose();
            if (config.stdio().enabled()) {
                return ExitCode.OK; // stdin ended, and the server closed with it
            }
            stopped.await(); // only a shutdown hook closes a TCP-only server; it halts the JVM
            return ExitCode.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            return ExitCode.OK;
        } catch (RuntimeException e) {
            stderr.println("tachyon: cannot start: " + e.getMessage());
            server.close();
            tracing.ifPresent(OpenTelemetrySdk::close);
            return ExitCode.FAILED;
        }
    }

    /** Passes everything to {@code out}; runs {@code first} once, after the first flush. */
    private static final class FirstFlush extends FilterOutputStream {
        private volatile Runnable first;

        FirstFlush(OutputStream out, Runnable first) {
            super(out);
            this.first = first;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // not FilterOutputStream's byte at a time
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            if (first != null) { // the stdout loop flushes; a second run would be harmless
                Runnable run = first;
                first = null;
                run.run();
            }
        }
    }

    private static String hostPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
