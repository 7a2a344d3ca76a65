package dev.tachyon.server;

import dev.tachyon.server.admin.AdminServer;
import dev.tachyon.server.admin.Health;
import dev.tachyon.server.auth.Authenticator;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.EventLoops;
import dev.tachyon.server.connection.RunningTransport;
import dev.tachyon.server.connection.ServerTls;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.connection.TlsReload;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.http.HttpTransport;
import dev.tachyon.server.lifecycle.ServerState;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.observability.Observability;
import dev.tachyon.server.observability.TransportMetrics;
import dev.tachyon.server.stdio.StdioTransport;
import dev.tachyon.server.tcp.TcpTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a started {@link TachyonServer} runs: its event loops, listeners, admin endpoint,
 * metrics, certificate reloads and memory sampler. Started in the order a start needs
 * (certificates loaded before anything binds, so a bad file fails the start naming it) and
 * closed in the order a drain needs (stop accepting; the engine drains; then transports, loops,
 * and last the admin endpoint, so {@code /ready} says "draining" to the end). What a failed
 * start left running is closed the same way. Used under the facade's lock.
 */
final class RunningServer {

    private final TachyonServer.Builder config;
    private final McpEngine engine;
    private final ConnectionLimit connections;
    private final ConnectionBudgets budgets;
    private final List<RunningTransport> transports = new ArrayList<>();
    private EventLoops loops;
    private java.util.concurrent.ScheduledFuture<?> memorySampler;
    /** Drops expired tasks once a second, so that an idle server returns their memory too. */
    private java.util.concurrent.ScheduledFuture<?> taskSweeper;
    private TcpTransport tcp;
    private HttpTransport http;
    private Observability observability;
    private AdminServer admin;
    private volatile TlsReload tlsReload; // volatile: reloadTls reads it from the signal thread

    RunningServer(TachyonServer.Builder config, McpEngine engine, ConnectionLimit connections,
            ConnectionBudgets budgets) {
        this.config = config;
        this.engine = engine;
        this.connections = connections;
        this.budgets = budgets;
    }

    /**
     * Binds the configured transports; {@code state} is the facade's (for {@code /ready} and
     * {@code /health}), {@code closeServer} closes the facade (a stdio server ends with its input).
     */
    void start(Supplier<ServerState> state, Runnable closeServer) throws InterruptedException {
        // Loaded before anything binds, so that a bad certificate file fails the start naming it.
        List<ServerTls> tlsListeners = new ArrayList<>();
        ServerTls adminTls = config.adminHost == null ? null
                : tlsFor(TlsSettings.Listener.ADMIN, "admin", HttpTransport.ALPN, tlsListeners);
        ServerTls tcpTls = config.tcpHost == null ? null
                : tlsFor(TlsSettings.Listener.TCP, "tcp", List.of(), tlsListeners);
        ServerTls httpTls = config.httpSettings == null ? null
                : tlsFor(TlsSettings.Listener.HTTP, "http", HttpTransport.ALPN, tlsListeners);
        observability = Observability.install(engine,
                new Observability.Metrics(config.meterRegistry, config.adminHost != null, config.metricsScrape),
                config.openTelemetry,
                config.settings.serverVersion(), () -> state.get() == ServerState.SERVING);
        if (observability.hasMetrics()) {
            TransportMetrics.bind(observability.registry(), connections, budgets);
            TransportMetrics.bindRateLimits(observability.registry(), engine.rateLimits());
        }
        if (config.adminHost != null) {
            Health health = new Health(state, observability.engineMetrics(), engine.workers(), connections,
                    observability.gcPauses(), config.unhealthyHeapPercent, config.unhealthyDirectPercent);
            admin = AdminServer.bind(config.adminHost, config.adminPort, config.adminSettings, health, observability,
                    adminTls);
        }
        // Without TCP or HTTP no socket is served: the loops only run the sampler and sweeper
        // below, so a stdio server (spawned per session, where start time counts) neither loads
        // the native transport, nor opens a selector, nor starts a loop per core.
        boolean network = config.tcpHost != null || config.httpSettings != null;
        loops = network ? new EventLoops(config.ioThreads, config.nativeTransport) : EventLoops.withoutSockets();
        MemoryPressure memory = engine.memory();
        // The first sample makes the heap tracker's MXBeans (a hundred JDK classes and a service
        // lookup over the class path): a stdio server, spawned with an empty heap and waited for,
        // takes it after its start instead of beside it.
        long firstSampleMillis = network ? 0 : 1000;
        memorySampler = loops.acceptor().next().scheduleAtFixedRate(memory::sample, firstSampleMillis, 100,
                TimeUnit.MILLISECONDS);
        // A sweep pops expired tasks off a heap (nothing when none expired): cheap on the loop.
        taskSweeper = loops.acceptor().next().scheduleWithFixedDelay(engine.tasks()::sweep, 1, 1, TimeUnit.SECONDS);
        if (config.tcpHost != null) {
            tcp = TcpTransport.bind(loops, engine, config.tcpHost, config.tcpPort, config.connectionSettings(),
                    connections, budgets, tcpTls, config.tcpProxyProtocol);
            transports.add(tcp);
        }
        if (config.httpSettings != null) {
            http = HttpTransport.bind(loops, engine, config.httpSettings, config.connectionSettings(), connections,
                    budgets, httpTls, config.httpProxyProtocol, config.auth == null ? null : Authenticator.start(config.auth));
            transports.add(http);
            if (observability.hasMetrics()) {
                TransportMetrics.bindHttpSessions(observability.registry(), http.sessionLimit(), http::eventLogBytes,
                        http::eventLogEvictions);
                if (http.authenticator() != null) {
                    TransportMetrics.bindAuth(observability.registry(), http.authenticator().refusals());
                }
            }
        }
        if (config.stdio) {
            StdioTransport stdio = StdioTransport.start(engine, config.stdin, config.stdout, config.maxFrameBytes);
            transports.add(stdio);
            closeWhenEnded(stdio, closeServer);
        }
        tlsReload = TlsReload.watch(tlsListeners);
    }

    /** Reads the TLS certificate files again now, off the caller's thread (SIGHUP); nothing without TLS. */
    void reloadTls() {
        if (tlsReload != null) {
            tlsReload.reloadNow();
        }
    }

    /** The TLS of {@code listener}, kept in {@code started} to be watched for reloads; null when it is plaintext. */
    private ServerTls tlsFor(TlsSettings.Listener listener, String name, List<String> alpn, List<ServerTls> started) {
        TlsSettings tls = config.tls;
        if (tls == null || !tls.on(listener)) {
            return null;
        }
        ServerTls serverTls = ServerTls.of(tls, name, alpn, budgets.closes());
        started.add(serverTls);
        return serverTls;
    }

    /** A spawned server ends with its client: once stdin has ended and the session closed, so does the server. */
    private static void closeWhenEnded(StdioTransport stdio, Runnable closeServer) {
        Thread closer = new Thread(() -> {
            try {
                stdio.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
                closeServer.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tachyon-stdio-end");
        closer.setDaemon(true);
        closer.start();
    }

    /** Every transport stops taking new connections; open ones keep working. */
    void stopAccepting() {
        for (RunningTransport transport : transports) {
            transport.stopAccepting();
        }
    }

    /**
     * Ends the streams clients should reopen elsewhere: every {@code subscriptions/listen}
     * stream, and every 2025-11-25 GET stream after a {@code retry:} field. Response streams of
     * requests in flight stay until their answer.
     */
    void endStreams() {
        engine.endListens();
        if (http != null) {
            http.endStandaloneStreams();
        }
    }

    /** Whether a network listener runs (TCP or HTTP), one a balancer may send work to. */
    boolean servesNetwork() {
        return tcp != null || http != null;
    }

    /** Once the engine has drained: ends connections, transports, loops, reloads, the sampler, the admin endpoint. */
    void closeAfterDrain() {
        if (loops != null) {
            settle(loops.io());
        }
        for (int i = transports.size() - 1; i >= 0; i--) {
            try {
                transports.get(i).close();
            } catch (RuntimeException e) {
                // keep closing the rest; one failing transport must not keep threads alive
            }
        }
        if (memorySampler != null) {
            memorySampler.cancel(false);
        }
        if (taskSweeper != null) {
            taskSweeper.cancel(false);
        }
        if (tlsReload != null) {
            tlsReload.close();
        }
        if (loops != null) {
            settle(loops.io());
            loops.close();
        }
        // Last, so /ready and /health say "draining" until the very end.
        if (admin != null) {
            admin.close();
        }
        if (observability != null) {
            observability.close();
        }
    }

    InetSocketAddress adminAddress() {
        return admin == null ? null : admin.localAddress();
    }

    Observability observability() {
        return observability;
    }

    InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
    }

    InetSocketAddress httpAddress() {
        return http == null ? null : http.localAddress();
    }

    /** Whether the event loops exist: a start that failed before them (a bad certificate file) may be tried again. */
    boolean usesLoops() {
        return loops != null;
    }

    boolean usesEpoll() {
        return loops != null && loops.isEpoll();
    }

    SessionLimit httpSessionLimit() {
        return http == null ? null : http.sessionLimit();
    }

    long httpEventLogBytes() {
        return http == null ? 0 : http.eventLogBytes();
    }

    /**
     * Lets every I/O loop run what the workers handed it while draining (answers, then the
     * flushes those schedule) before the loops shut down: a loop that is shutting down closes
     * its channels before it runs its remaining tasks, which would drop those answers.
     */
    private static void settle(io.netty.channel.EventLoopGroup group) {
        for (int round = 0; round < 2; round++) {
            for (io.netty.util.concurrent.EventExecutor loop : group) {
                loop.submit(() -> { }).awaitUninterruptibly(1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
