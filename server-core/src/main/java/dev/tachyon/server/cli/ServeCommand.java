package dev.tachyon.server.cli;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.ToolCall;
import dev.tachyon.server.config.HttpConfig;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.observability.TracingSetup;
import dev.tachyon.server.observability.logging.Logs;
import dev.tachyon.server.stdio.StdioTransport;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tachyon serve}: builds the server the configuration describes, starts the transports
 * it enables, prints one line on stderr when ready, and runs until SIGTERM/SIGINT (or, with
 * stdio, until stdin ends). On shutdown it stops accepting, answers what it accepted, exits 0.
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
        Logs.format(config.log().json());
        TachyonServer.Builder builder = TachyonServer.builder()
                .settings(engineSettings(config))
                .maxFrameBytes(config.limits().maxFrameBytes())
                .maxConnections(config.limits().maxConnections())
                .maxConnectionsPerAddress(config.limits().maxConnectionsPerAddress())
                .maxConnectionMemory(config.limits().maxConnectionMemory())
                .idleTimeout(config.limits().idleTimeout())
                .writeStallTimeout(config.limits().writeStallTimeout())
                .memoryPressure(new MemoryPressure(config.memory().warnPercent() / 100.0,
                        config.memory().rejectPercent() / 100.0, config.memory().refuseConnectionsPercent() / 100.0,
                        config.memory().recheckInterval(), MemoryPressure.jvm()))
                .ioThreads(config.io().eventLoopThreads())
                .nativeTransport(config.io().nativeTransport())
                .drainMillis(config.shutdown().drainTimeout().toMillis());
        if (config.tcp().enabled()) {
            builder.tcp(config.tcp().host(), config.tcp().port());
        }
        if (config.http().enabled()) {
            builder.http(httpSettings(config));
        }
        if (config.admin().enabled()) {
            builder.admin(config.admin().host(), config.admin().port())
                    .healthLimits(config.admin().unhealthyHeapPercent(), config.admin().unhealthyDirectPercent())
                    .adminSettings(dev.tachyon.server.admin.AdminSettings.builder()
                            .allowedHosts(config.admin().allowedHosts())
                            .maxConnections(config.admin().maxConnections())
                            .idleTimeout(config.admin().idleTimeout())
                            .requestTimeout(config.admin().requestTimeout())
                            .allowGc(config.admin().allowGc())
                            .gcMinInterval(config.admin().gcMinInterval())
                            .build());
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
        TachyonServer server = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            server.start();
            List<String> listening = new ArrayList<>();
            if (server.tcpAddress() != null) {
                listening.add("tcp " + hostPort(server.tcpAddress())
                        + (server.eventLoops().isEpoll() ? " (epoll)" : " (nio)"));
            }
            if (server.httpAddress() != null) {
                listening.add("http http://" + hostPort(server.httpAddress()) + config.http().path());
            }
            StdioTransport stdio = null;
            if (config.stdio().enabled()) {
                stdio = StdioTransport.start(server.engine(), stdin, stdout, config.limits().maxFrameBytes());
                server.addTransport(stdio);
                listening.add("stdio");
            }
            if (listening.isEmpty()) {
                stderr.println("tachyon: no transport enabled (enable tcp, http or stdio)");
                server.close();
                tracing.ifPresent(OpenTelemetrySdk::close);
                return ExitCode.FAILED;
            }
            if (server.adminAddress() != null) {
                listening.add("admin http://" + hostPort(server.adminAddress()));
            }
            tracing.ifPresent(t -> listening.add("tracing on"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
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
            if (stdio != null) {
                stdio.awaitEnd(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
                server.close();
                return ExitCode.OK;
            }
            server.awaitClose();
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

    static HttpSettings httpSettings(TachyonConfig config) {
        HttpConfig http = config.http();
        return HttpSettings.builder()
                .host(http.host())
                .port(http.port())
                .path(http.path())
                .allowedHosts(allowedHosts(http))
                .sessionIdleTimeout(http.sessionIdleTimeout())
                .sseRetryMillis(http.sseRetry().toMillis())
                .eventLogCapacity(http.eventLogCapacity())
                .maxPipelinedRequests(http.maxPipelinedRequests())
                .maxHeaderBytes(http.maxHeaderBytes())
                .headerTimeout(http.headerTimeout())
                .bodyTimeout(http.bodyTimeout())
                .maxSessions(http.maxSessions())
                .maxSessionsPerAddress(http.maxSessionsPerAddress())
                .eventLogMaxBytes(http.eventLogMaxBytes())
                .unusedSessionTimeout(http.unusedSessionTimeout())
                .build();
    }

    /** Loopback names always, plus the configured ones. */
    private static java.util.Set<String> allowedHosts(HttpConfig http) {
        java.util.Set<String> hosts = new java.util.HashSet<>(HttpSettings.LOOPBACK_HOSTS);
        hosts.addAll(http.allowedHosts());
        return hosts;
    }

    static EngineSettings engineSettings(TachyonConfig config) {
        return EngineSettings.builder()
                .serverName(config.server().name())
                .serverVersion(config.server().version())
                .pageSize(config.protocol().pageSize())
                .clientRequestTimeout(config.protocol().clientRequestTimeout())
                .maxJsonDepth(config.limits().maxJsonDepth())
                .maxInFlightPerSession(config.limits().maxInFlightPerSession())
                .maxSubscriptionsPerSession(config.limits().maxSubscriptionsPerSession())
                .maxUriBytes(config.limits().maxUriBytes())
                .maxPendingClientRequests(config.limits().maxPendingClientRequests())
                .workerThreads(config.workers().effectiveThreads())
                .workerQueueCapacity(config.workers().queueCapacity())
                .workerShares(config.workers().maxPerSession(), config.workers().maxQueuedPerSession())
                .toolTimeout(config.limits().toolTimeout())
                .breaker(config.breaker().failureThreshold(), config.breaker().openDuration(),
                        config.breaker().halfOpenProbes())
                .requestStateKeys(keyBytes(config.protocol().requestStateKey()),
                        keyBytes(config.protocol().requestStatePreviousKey()))
                .requestStateTtl(config.protocol().requestStateTtl())
                .maxNumberDigits(config.limits().maxNumberDigits())
                .maxResponseBytes(config.limits().maxResponseBytes())
                .build();
    }

    /** A configured key's bytes, or null for none (empty). */
    private static byte[] keyBytes(String key) {
        return key.isEmpty() ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String hostPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
