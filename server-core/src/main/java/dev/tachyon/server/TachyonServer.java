package dev.tachyon.server;

import dev.tachyon.server.config.RateLimitsConfig;
import dev.tachyon.server.ratelimit.RateLimits;
import dev.tachyon.server.lifecycle.ServerState;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.api.Resource;
import dev.tachyon.api.Prompt;
import dev.tachyon.server.admin.AdminSettings;
import dev.tachyon.server.config.MemoryConfig;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.observability.MetricsScrape;
import dev.tachyon.server.observability.Observability;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.ConnectionSettings;
import dev.tachyon.server.connection.SessionLimit;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.connection.TlsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An embeddable Tachyon MCP server: register tools, resources, templates and prompts, choose
 * transports, {@link #start()}.
 *
 * <pre>{@code
 * try (TachyonServer server = TachyonServer.builder()
 *         .tcp("127.0.0.1", 7800)
 *         .tool(echo)
 *         .build()
 *         .start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>The catalogs may change while the server runs ({@link #addTool}, {@link #removeTool}, ...);
 * every initialized session is told with a {@code list_changed} notification.
 */
public final class TachyonServer implements AutoCloseable {

    private final Builder config;
    private final Catalogs catalogs;
    private final McpEngine engine;
    /** The cap every network transport's connections count against. */
    private final ConnectionLimit connections;
    private final Connections connectionsView;
    /** The per-connection memory budget, and what it refused. */
    private final ConnectionBudgets budgets;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TachyonServer.class);

    private volatile ServerState state = ServerState.NEW;
    /** What runs once started; null before {@link #start()}. */
    private volatile RunningServer running; // volatile: read by reloadTls from the signal thread

    private TachyonServer(Builder b) {
        this.config = b;
        this.catalogs = new Catalogs(b.settings.pageSize());
        catalogs.tools().putAll(b.tools);
        catalogs.resources().putAll(b.resources);
        catalogs.templates().putAll(b.templates);
        catalogs.prompts().putAll(b.prompts);
        catalogs.skills(b.skillSet);
        MemoryPressure memory = b.memory();
        RateLimitsConfig rates = b.rateLimits;
        RateLimits rateLimits = new RateLimits(rates.toolCalls(),
                rates.perTool(), rates.connections(), rates.sessions(), rates.maxClients(), System::nanoTime);
        this.engine = new McpEngine(b.settings, catalogs, memory, rateLimits);
        this.connections = new ConnectionLimit(b.maxConnections,
                Math.min(b.maxConnectionsPerAddress, b.maxConnections), memory, rateLimits);
        this.connectionsView = new ConnectionsView(connections);
        this.budgets = new ConnectionBudgets(b.maxConnectionMemory);
    }

    /**
     * A builder with every setting at its documented default (the values {@code bin/tachyon
     * serve} uses without a configuration file: the application's {@code reference.conf} holds
     * the same, a test proves it) and no transport: name them with {@link Builder#tcp},
     * {@link Builder#http}, {@link Builder#stdio()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the configured transports. */
    public synchronized TachyonServer start() throws InterruptedException {
        if (running != null && running.usesLoops()) {
            throw new IllegalStateException("already started");
        }
        state = ServerState.STARTING;
        running = new RunningServer(config, engine, connections, budgets);
        running.start(this::state, this::close);
        state = ServerState.SERVING;
        return this;
    }

    /** Where the server is in its life. */
    public ServerState state() {
        return state;
    }

    /** The bound admin address, or null when the admin endpoint is not enabled. */
    public InetSocketAddress adminAddress() {
        return running == null ? null : running.adminAddress();
    }

    /** The server's metrics and traces, once started. */
    Observability observability() {
        return running == null ? null : running.observability();
    }

    /** The bound TCP address, or null when TCP is not enabled. */
    public InetSocketAddress tcpAddress() {
        return running == null ? null : running.tcpAddress();
    }

    /** The bound Streamable HTTP address, or null when HTTP is not enabled. */
    public InetSocketAddress httpAddress() {
        return running == null ? null : running.httpAddress();
    }

    /**
     * Reads the TLS certificate, key and client CA files again now rather than at the next
     * periodic check ({@link dev.tachyon.server.connection.TlsReload#PERIOD}); returns at once and
     * reloads on a background thread. New handshakes then use the new certificate; open
     * connections keep theirs. Files that do not load are logged and the old ones kept. Does
     * nothing when no listener serves TLS or the server is not running. The {@code tachyon}
     * command calls it on SIGHUP; an embedding application wires its own trigger.
     */
    public void reloadTls() {
        RunningServer now = running;
        if (now != null) {
            now.reloadTls();
        }
    }

    /** The connections of the network transports, counted; valid before and after start. */
    public Connections connections() {
        return connectionsView;
    }

    /** Whether the network transports run on epoll (else NIO); false before {@link #start()}. */
    public boolean usesEpoll() {
        return running != null && running.usesEpoll();
    }

    /** The caps on Streamable HTTP sessions, with their counts; null when HTTP is not enabled or not started. */
    SessionLimit httpSessionLimit() {
        return running == null ? null : running.httpSessionLimit();
    }

    /** Bytes the HTTP sessions' event logs hold now (0 when HTTP is not enabled). */
    long httpEventLogBytes() {
        return running == null ? 0 : running.httpEventLogBytes();
    }

    /** The per-connection memory budget, with its counts. */
    ConnectionBudgets connectionBudgets() {
        return budgets;
    }

    /** The engine, for the tests' view of the internals (never public: it is plumbing). */
    McpEngine engine() {
        return engine;
    }

    /** Adds or replaces a tool; sessions get {@code notifications/tools/list_changed}. */
    public void addTool(Tool tool) {
        catalogs.tools().put(tool);
    }

    /** Removes a tool; returns whether it existed. */
    public boolean removeTool(String name) {
        return catalogs.tools().remove(name);
    }

    public void addResource(Resource resource) {
        catalogs.resources().put(resource);
    }

    public boolean removeResource(String uri) {
        return catalogs.resources().remove(uri);
    }

    public void addResourceTemplate(ResourceTemplate template) {
        catalogs.templates().put(template);
    }

    public void addPrompt(Prompt prompt) {
        catalogs.prompts().put(prompt);
    }

    public boolean removePrompt(String name) {
        return catalogs.prompts().remove(name);
    }

    /** Tells the sessions subscribed to {@code uri} that it changed ({@code notifications/resources/updated}). */
    public void resourceUpdated(String uri) {
        engine.resourceUpdated(uri);
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Drains the server the way a balancer needs, then closes it (what SIGTERM does to
     * {@code tachyon serve}): {@code /ready} answers 503 at once while every listener keeps
     * serving for the ready delay ({@code tachyon.shutdown.ready-delay}), so health checks notice
     * and new work goes elsewhere; then {@link #close()}. A server without a network listener
     * (stdio only) has no balancer to wait for and closes at once. Blocks until closed.
     */
    public void drain() {
        RunningServer serving;
        synchronized (this) {
            if (state != ServerState.SERVING) {
                close();
                return;
            }
            state = ServerState.DRAINING; // /ready and /health say so from here on
            serving = running;
        }
        long delay = config.readyDelayMillis;
        if (delay > 0 && serving.servesNetwork()) {
            LOG.info("draining: /ready answers 503; serving {} ms more before accepting stops", delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // asked to hurry: close now
            }
        }
        close();
    }

    /**
     * Stops accepting, ends the open SSE streams clients should reopen (2025-11-25 GET streams
     * after a {@code retry:} field, 2026-07-28 {@code subscriptions/listen} streams), lets
     * in-flight blocking handlers finish for up to the drain timeout, then closes connections
     * (a response stream still open gets a {@code retry:} field first) and threads.
     */
    @Override
    public synchronized void close() {
        if (state == ServerState.CLOSED) {
            return;
        }
        state = ServerState.DRAINING;
        if (running != null) {
            running.stopAccepting();
            LOG.info("stopped accepting; answering what is in flight for up to {} ms", config.drainMillis);
            running.endStreams();
        }
        // Work in flight finishes (or meets the drain timeout) and is answered while its
        // connections and sessions are still open; only then do they end.
        engine.close(config.drainMillis);
        if (running != null) {
            running.closeAfterDrain();
        }
        state = ServerState.CLOSED;
        closed.countDown();
    }

    /**
     * Builds a {@link TachyonServer}; nothing binds until {@link TachyonServer#start()}.
     *
     * <p>Every value a builder does not set is its documented default, the one the
     * {@code tachyon} application's {@code reference.conf} holds too; the application fills a
     * builder from its configuration file through these same methods, so an embedded server and
     * {@code bin/tachyon serve} with the same settings are the same server. Only which
     * transports run is never defaulted: the embedder names them.
     *
     * <p>A builder is not thread-safe: configure and build it on one thread.
     */
    public static final class Builder {
        EngineSettings settings;
        String tcpHost;
        int tcpPort;
        int maxFrameBytes;
        HttpSettings httpSettings;
        boolean stdio;
        InputStream stdin = System.in;
        OutputStream stdout = System.out;
        int ioThreads;
        int maxConnections;
        int maxConnectionsPerAddress;
        long maxConnectionMemory;
        Duration idleTimeout;
        Duration writeStallTimeout;
        boolean tcpProxyProtocol;
        boolean httpProxyProtocol;
        Duration proxyHeaderTimeout;
        /** The configured watermarks, used unless {@link #memoryPressure} gave a measure of its own. */
        MemoryConfig memoryWatermarks;
        MemoryPressure memory;
        boolean nativeTransport;
        long drainMillis;
        long readyDelayMillis;
        String adminHost;
        int adminPort;
        AdminSettings adminSettings;
        int unhealthyHeapPercent;
        int unhealthyDirectPercent;
        OpenTelemetry openTelemetry;
        /** The host's registry Tachyon's meters go to; null: none (a private one when the admin endpoint needs it). */
        MeterRegistry meterRegistry;
        /** What the admin endpoint's /metrics answers; null: 404. */
        MetricsScrape metricsScrape;
        /** Null: every listener is plaintext. */
        TlsSettings tls;
        /** Null: Streamable HTTP takes no tokens (every request anonymous). */
        AuthSettings auth;
        RateLimitsConfig rateLimits;
        final List<Tool> tools = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        final List<ResourceTemplate> templates = new ArrayList<>();
        final List<Prompt> prompts = new ArrayList<>();
        final List<dev.tachyon.api.Skill> skills = new ArrayList<>();
        java.nio.file.Path skillsDirectory;
        /** Checked and encoded by {@link #build()}. */
        dev.tachyon.server.skills.SkillSet skillSet = dev.tachyon.server.skills.SkillSet.NONE;

        /** Every setting at its default ({@link BuilderDefaults}). */
        private Builder() {
            this.settings = EngineSettings.defaults();
            this.maxFrameBytes = BuilderDefaults.MAX_FRAME_BYTES;
            this.maxConnections = BuilderDefaults.MAX_CONNECTIONS;
            this.maxConnectionsPerAddress = BuilderDefaults.MAX_CONNECTIONS_PER_ADDRESS;
            this.maxConnectionMemory = BuilderDefaults.MAX_CONNECTION_MEMORY;
            this.idleTimeout = BuilderDefaults.IDLE_TIMEOUT;
            this.writeStallTimeout = BuilderDefaults.WRITE_STALL_TIMEOUT;
            this.proxyHeaderTimeout = BuilderDefaults.PROXY_HEADER_TIMEOUT;
            this.memoryWatermarks = BuilderDefaults.MEMORY_WATERMARKS;
            this.nativeTransport = true;
            this.drainMillis = BuilderDefaults.DRAIN.toMillis();
            this.readyDelayMillis = BuilderDefaults.READY_DELAY.toMillis();
            this.adminSettings = AdminSettings.defaults();
            this.unhealthyHeapPercent = BuilderDefaults.UNHEALTHY_PERCENT;
            this.unhealthyDirectPercent = BuilderDefaults.UNHEALTHY_PERCENT;
            this.rateLimits = RateLimitsConfig.OFF;
        }

        public Builder settings(EngineSettings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        /** Serve newline-delimited JSON-RPC over TCP on {@code host:port} (port 0 picks one). */
        public Builder tcp(String host, int port) {
            this.tcpHost = Objects.requireNonNull(host);
            this.tcpPort = port;
            return this;
        }

        /**
         * Serve Streamable HTTP at {@code http://host:port/mcp} (port 0 picks one), every other
         * HTTP setting at its default ({@link HttpSettings#defaults()}); see {@link #http(HttpSettings)}
         * for others.
         */
        public Builder http(String host, int port) {
            return http(HttpSettings.builder().host(host).port(port).build());
        }

        /** Serve Streamable HTTP with these settings. */
        public Builder http(HttpSettings value) {
            this.httpSettings = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Serve one MCP session over this process's stdin and stdout (newline-delimited, the TCP
         * framing), for a server its client spawned; see {@link #stdio(InputStream, OutputStream)}.
         */
        public Builder stdio() {
            this.stdio = true;
            return this;
        }

        /**
         * Serve one MCP session reading {@code in} and writing {@code out}. When {@code in} ends,
         * the session answers what it accepted and the whole server then {@linkplain
         * TachyonServer#close() closes}: a spawned server ends with its client. Nothing else may
         * write to {@code out}.
         */
        public Builder stdio(InputStream in, OutputStream out) {
            this.stdin = Objects.requireNonNull(in);
            this.stdout = Objects.requireNonNull(out);
            return stdio();
        }

        /**
         * Where stdio reads and writes if it is served (by {@link #stdio()} or the
         * configuration); by default this process's stdin and stdout. Does not turn stdio on.
         */
        public Builder stdioStreams(InputStream in, OutputStream out) {
            this.stdin = Objects.requireNonNull(in);
            this.stdout = Objects.requireNonNull(out);
            return this;
        }

        /**
         * The longest message accepted, on every transport: an NDJSON line (TCP, stdio; longer is
         * answered -32600, then the connection closes) and a Streamable HTTP request body (longer is
         * answered 413); {@code limits.max-frame-bytes}, default 4 MiB.
         */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = value;
            return this;
        }

        /**
         * Connections the network transports (TCP and HTTP together) hold open at most (default
         * 18,000); the next are refused: one error line over TCP, a 503 over HTTP.
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * Connections one client address may hold open, TCP and HTTP together (default 4096,
         * never more than {@link #maxConnections}); the next are refused like those over the
         * global cap, with reason {@code max-connections-per-address}.
         */
        public Builder maxConnectionsPerAddress(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxConnectionsPerAddress must be positive: " + value);
            }
            this.maxConnectionsPerAddress = value;
            return this;
        }

        /**
         * Memory one connection may hold, partial input plus unsent output (default 8 MiB): at
         * it new requests are refused (-32001, reason {@code connection-memory}); past twice it
         * the connection is closed.
         */
        public Builder maxConnectionMemory(long value) {
            this.maxConnectionMemory = value;
            return this;
        }

        /** Connections with no traffic and nothing in flight are closed after this (default 10 minutes). */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Clients that stop reading their answers are disconnected after this (default 30 s). */
        public Builder writeStallTimeout(Duration value) {
            this.writeStallTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Memory watermarks and their measure: above them new requests, then new connections,
         * are refused (default: 80, 90 and 95 percent of this JVM's heap or direct memory,
         * {@code tachyon.memory}).
         */
        public Builder memoryPressure(MemoryPressure value) {
            this.memory = Objects.requireNonNull(value);
            this.memoryWatermarks = null;
            return this;
        }

        /**
         * The memory watermarks over this JVM's heap and direct memory ({@code tachyon.memory};
         * default 80, 90 and 95 percent, rechecked every 5 s); replaces a {@link #memoryPressure}.
         */
        public Builder memoryWatermarks(MemoryConfig value) {
            this.memoryWatermarks = Objects.requireNonNull(value);
            this.memory = null;
            return this;
        }

        /**
         * Whether the TCP listener is behind a balancer that starts every connection with a PROXY
         * protocol v1/v2 header naming the client (default false, {@code tcp.proxy-protocol}):
         * that client, not the balancer, is then counted by the per-address cap and named in logs.
         * A connection without a valid header is closed. Never turn it on for a listener clients
         * reach directly: they could name any address.
         */
        public Builder tcpProxyProtocol(boolean value) {
            this.tcpProxyProtocol = value;
            return this;
        }

        /** As {@link #tcpProxyProtocol(boolean)}, for the Streamable HTTP listener ({@code http.proxy-protocol}); its session caps count that client too. */
        public Builder httpProxyProtocol(boolean value) {
            this.httpProxyProtocol = value;
            return this;
        }

        /**
         * On a listener with PROXY protocol, a connection whose header has not arrived this long
         * after the accept is closed (default 5 s, {@code limits.proxy-header-timeout}).
         */
        public Builder proxyHeaderTimeout(Duration value) {
            if (value.toNanos() <= 0) {
                throw new IllegalArgumentException("proxyHeaderTimeout must be positive: " + value);
            }
            this.proxyHeaderTimeout = value;
            return this;
        }

        ConnectionSettings connectionSettings() {
            return new ConnectionSettings(maxFrameBytes, maxConnections, idleTimeout, writeStallTimeout,
                    proxyHeaderTimeout);
        }

        /** Event-loop threads (0: one per core). */
        public Builder ioThreads(int value) {
            this.ioThreads = value;
            return this;
        }

        /** Use epoll when available (default true). */
        public Builder nativeTransport(boolean value) {
            this.nativeTransport = value;
            return this;
        }

        /** How long {@link TachyonServer#close()} waits for in-flight blocking handlers (default 10 s). */
        public Builder drainMillis(long value) {
            this.drainMillis = value;
            return this;
        }

        /**
         * How long {@link TachyonServer#drain()} keeps serving after {@code /ready} turned 503,
         * before accepting stops (default 5 s: a balancer's health check notices in that time).
         */
        public Builder readyDelayMillis(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("readyDelayMillis must not be negative: " + value);
            }
            this.readyDelayMillis = value;
            return this;
        }

        /**
         * Serve {@code /health}, {@code /ready} and {@code /metrics} over HTTP on {@code host:port}
         * (port 0 picks one); this also turns metrics on.
         */
        public Builder admin(String host, int port) {
            this.adminHost = Objects.requireNonNull(host);
            this.adminPort = port;
            return this;
        }

        /**
         * How the admin endpoint protects itself (allowed hosts, its own connection cap,
         * timeouts, whether {@code /memory?gc=1} may collect); default {@link
         * AdminSettings#defaults()}.
         */
        public Builder adminSettings(AdminSettings value) {
            this.adminSettings = Objects.requireNonNull(value);
            return this;
        }

        /**
         * When {@code /health} reports unhealthy: heap in use after the last collection, and
         * direct memory in use, above these percentages of their maximum (default 90 and 90).
         */
        public Builder healthLimits(int heapPercent, int directPercent) {
            this.unhealthyHeapPercent = heapPercent;
            this.unhealthyDirectPercent = directPercent;
            return this;
        }

        /**
         * Trace every request through {@code value} (the host's OpenTelemetry, never the global
         * one; the host keeps and closes its SDK); without one, requests are not traced and
         * tracing costs nothing.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            this.openTelemetry = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Register Tachyon's meters ({@code tachyon.*}: requests, workers, connections, sessions,
         * memory...) on the host's {@code value}, which the host keeps, exposes and closes; JVM
         * meters are the host's to bind. Without one there are no metrics, except a private
         * registry behind the admin endpoint's {@code /health} when {@link #admin} is on.
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value);
            return this;
        }

        /**
         * What the admin endpoint's {@code /metrics} answers: the {@link #meterRegistry} in the
         * host's format. Without one {@code /metrics} answers 404.
         */
        public Builder metricsScrape(MetricsScrape value) {
            this.metricsScrape = Objects.requireNonNull(value);
            return this;
        }

        public Builder tool(Tool value) {
            tools.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder resource(Resource value) {
            resources.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder resourceTemplate(ResourceTemplate value) {
            templates.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder prompt(Prompt value) {
            prompts.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * Serves {@code value} through the skills extension ({@code io.modelcontextprotocol/skills},
         * SEP-2640), after the skills of {@link #skillsDirectory}; see {@link dev.tachyon.api.Skill}
         * for what a skill must hold. Checked by {@link #build()}.
         */
        public Builder skill(dev.tachyon.api.Skill value) {
            skills.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * Serves the skills under {@code value} ({@code tachyon.skills.directory}): each
         * subdirectory with a {@code SKILL.md} is a skill of that name; null (the default) reads
         * none. Read once by {@link #build()}, which fails naming the file at fault when one is
         * malformed or a bound (count, bytes) is exceeded.
         */
        public Builder skillsDirectory(java.nio.file.Path value) {
            this.skillsDirectory = value;
            return this;
        }

        /**
         * TLS (and, with a client CA, mutual TLS) on the network listeners {@code value} names
         * (TCP, HTTP, admin); null turns it off (the default unless the configuration sets
         * {@code tachyon.tls.cert-chain} and {@code private-key}). The files are read at
         * {@link TachyonServer#start()}, which fails naming a file that does not load, and
         * again whenever they change.
         */
        public Builder tls(TlsSettings value) {
            this.tls = value;
            return this;
        }

        /**
         * Makes Streamable HTTP an OAuth 2.1 resource server (RFC 9728 metadata, bearer tokens
         * validated against {@code value}'s issuers and resource, scopes per request and per
         * tool, sessions bound to their principal); null turns it off (the default unless the
         * configuration sets {@code tachyon.auth.resource}). TCP, stdio and admin are not
         * affected.
         */
        public Builder auth(AuthSettings value) {
            this.auth = value;
            return this;
        }

        /**
         * The per-client rate limits ({@code tachyon.rate-limits}; default every one off): tool
         * calls (with per-tool rates), new connections per address, new HTTP sessions. A client is
         * its principal once authenticated, else its address. A refused tool call or
         * {@code initialize} gets {@code -32007} ({@code -31007} in 2026-07-28; over HTTP
         * {@code 429} with {@code Retry-After}) and the connection goes on; a refused connection is
         * closed as over {@link #maxConnections}, reason {@code rate-limited-connections}.
         */
        public Builder rateLimits(RateLimitsConfig value) {
            this.rateLimits = Objects.requireNonNull(value);
            return this;
        }

        public TachyonServer build() {
            if (httpSettings != null && !httpSettings.nodeId().isEmpty() && settings.requestStateKey() == null) {
                // Several instances must verify each other's requestState: a random per-process key would not.
                throw new IllegalStateException("node id " + httpSettings.nodeId() + " means several instances, which"
                        + " must share a request-state key: set tachyon.protocol.request-state-key");
            }
            List<dev.tachyon.api.Skill> all = new ArrayList<>();
            if (skillsDirectory != null) {
                all.addAll(dev.tachyon.server.skills.SkillDirectory.load(skillsDirectory));
            }
            all.addAll(skills);
            this.skillSet = dev.tachyon.server.skills.SkillSet.of(all);
            return new TachyonServer(this);
        }

        // What the builder holds, for the test that its defaults are reference.conf's (tachyon-server).

        EngineSettings engineSettings() {
            return settings;
        }

        /** The skills directory as {@code tachyon.skills.directory} writes it ({@code ""}: none). */
        String skillsDirectoryName() {
            return skillsDirectory == null ? "" : skillsDirectory.toString();
        }

        RateLimitsConfig rateLimitsConfig() {
            return rateLimits;
        }

        HttpSettings httpSettings() {
            return httpSettings;
        }

        AuthSettings authSettings() {
            return auth;
        }

        AdminSettings adminSettings() {
            return adminSettings;
        }

        TlsSettings tlsSettings() {
            return tls;
        }

        int maxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        boolean tcpProxyProtocol() {
            return tcpProxyProtocol;
        }

        boolean httpProxyProtocol() {
            return httpProxyProtocol;
        }

        long maxConnectionMemory() {
            return maxConnectionMemory;
        }

        /** The watermarks, or null when {@link #memoryPressure} replaced them. */
        MemoryConfig memoryWatermarks() {
            return memoryWatermarks;
        }

        int ioThreads() {
            return ioThreads;
        }

        boolean nativeTransport() {
            return nativeTransport;
        }

        long drainMillis() {
            return drainMillis;
        }

        long readyDelayMillis() {
            return readyDelayMillis;
        }

        int unhealthyHeapPercent() {
            return unhealthyHeapPercent;
        }

        int unhealthyDirectPercent() {
            return unhealthyDirectPercent;
        }

        private MemoryPressure memory() {
            return memory != null ? memory : new MemoryPressure(memoryWatermarks.warnPercent() / 100.0,
                    memoryWatermarks.rejectPercent() / 100.0, memoryWatermarks.refuseConnectionsPercent() / 100.0,
                    memoryWatermarks.recheckInterval(), MemoryPressure.jvm());
        }
    }

    /**
     * A read-only view of the connections the network transports (TCP and HTTP together) hold
     * and refused, for operators and tests; the same counts the admin endpoint's metrics show.
     */
    public interface Connections {
        /** Connections open now (refused ones are not counted). */
        int open();

        /**
         * Connections refused since start for {@code reason}: {@code max-connections},
         * {@code max-connections-per-address} or {@code memory} (the reasons clients and metrics see).
         *
         * @throws IllegalArgumentException for any other reason
         */
        long refused(String reason);

        /** Connections the server has accepted and decided on since start, admitted or refused. */
        long decided();

        /** Client addresses with connections open now. */
        int addresses();
    }
}
