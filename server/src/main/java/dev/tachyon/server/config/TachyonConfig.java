package dev.tachyon.server.config;

import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.engine.EngineSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's effective configuration: immutable, complete and already validated.
 *
 * <p>Built only by {@link ConfigLoader}, so holding one means every value is in range (ports in
 * 1..65535, sizes and counts positive, and so on, as each section's Javadoc states). Sections
 * mirror the HOCON objects under {@code tachyon}. {@link #settings()} keeps, for every key, the
 * canonical value and where it came from.
 */
public final class TachyonConfig {

    /**
     * The smallest frame limit accepted. An {@code initialize} request with client info is a few
     * hundred bytes, so a smaller limit is surely a unit slip ({@code 4} for {@code 4 MiB}).
     */
    private static final int MIN_FRAME_BYTES = 1024;
    /** The envelope itself is depth 1 and its params depth 2; the codec's scanner needs at least that. */
    private static final int MIN_JSON_DEPTH = 2;
    private static final int MAX_PORT = 65_535;

    private final ServerInfo server;
    private final TcpConfig tcp;
    private final HttpConfig http;
    private final StdioConfig stdio;
    private final AdminConfig admin;
    private final IoConfig io;
    private final WorkersConfig workers;
    private final LimitsConfig limits;
    private final BreakerConfig breaker;
    private final MemoryConfig memory;
    private final ProtocolConfig protocol;
    private final TasksConfig tasks;
    private final ShutdownConfig shutdown;
    private final ClusterConfig cluster;
    private final SkillsConfig skills;
    private final LogConfig log;
    private final TlsConfig tls;
    private final AuthConfig auth;
    private final RateLimitsConfig rateLimits;
    private final List<Setting> settings;

    private TachyonConfig(TypedSettings r) {
        this.server = new ServerInfo(
                r.text("tachyon.server.name", s -> !s.isBlank(), "a non-empty string"),
                r.text("tachyon.server.version", s -> !s.isBlank(), "a non-empty string"));
        this.tcp = new TcpConfig(r.bool("tachyon.tcp.enabled"), host(r, "tachyon.tcp.host"), port(r, "tachyon.tcp.port"),
                r.bool("tachyon.tcp.proxy-protocol"));
        this.http = new HttpConfig(r.bool("tachyon.http.enabled"), host(r, "tachyon.http.host"),
                port(r, "tachyon.http.port"),
                r.text("tachyon.http.path", s -> s.startsWith("/") && s.chars().noneMatch(Character::isWhitespace),
                        "a path starting with / and without spaces"),
                hostList(r.text("tachyon.http.allowed-hosts", s -> hostList(s).stream().allMatch(h -> !h.isEmpty()
                        && h.chars().noneMatch(Character::isWhitespace)), "comma-separated host names")),
                r.duration("tachyon.http.session-idle-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.http.sse-retry", Duration.ofMillis(1)),
                r.duration("tachyon.http.sse-keepalive-interval", Duration.ZERO),
                r.integer("tachyon.http.event-log-capacity", 1, Integer.MAX_VALUE),
                r.integer("tachyon.http.max-pipelined-requests", 1, Integer.MAX_VALUE),
                r.bytes("tachyon.http.max-header-bytes", 1024),
                r.duration("tachyon.http.header-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.http.body-timeout", Duration.ofMillis(1)),
                r.integer("tachyon.http.max-sessions", 1, Integer.MAX_VALUE),
                r.integer("tachyon.http.max-sessions-per-address", 1, Integer.MAX_VALUE),
                r.bytes("tachyon.http.event-log-max-bytes", 1024),
                r.duration("tachyon.http.unused-session-timeout", Duration.ofMillis(1)),
                r.bool("tachyon.http.proxy-protocol"),
                new HttpConfig.Compression(r.bool("tachyon.http.compression.enabled"),
                        r.bytes("tachyon.http.compression.min-bytes", 0),
                        r.integer("tachyon.http.compression.level", 1, 9)));
        this.stdio = new StdioConfig(r.bool("tachyon.stdio.enabled"));
        this.admin = new AdminConfig(r.bool("tachyon.admin.enabled"), host(r, "tachyon.admin.host"),
                port(r, "tachyon.admin.port"), r.integer("tachyon.admin.unhealthy-heap-percent", 1, 100),
                r.integer("tachyon.admin.unhealthy-direct-percent", 1, 100),
                hostList(r.text("tachyon.admin.allowed-hosts", s -> hostList(s).stream().allMatch(h -> !h.isEmpty()
                        && h.chars().noneMatch(Character::isWhitespace)), "comma-separated host names")),
                r.integer("tachyon.admin.max-connections", 1, Integer.MAX_VALUE),
                r.duration("tachyon.admin.idle-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.admin.request-timeout", Duration.ofMillis(1)),
                r.bool("tachyon.admin.allow-gc"),
                r.duration("tachyon.admin.gc-min-interval", Duration.ofMillis(1)));
        this.io = new IoConfig(r.integer("tachyon.io.event-loop-threads", 0, Integer.MAX_VALUE),
                r.bool("tachyon.io.native-transport"));
        this.workers = new WorkersConfig(r.integer("tachyon.workers.threads", 0, Integer.MAX_VALUE),
                r.integer("tachyon.workers.queue-capacity", 1, Integer.MAX_VALUE),
                r.integer("tachyon.workers.max-per-session", 0, Integer.MAX_VALUE),
                r.integer("tachyon.workers.max-queued-per-session", 0, Integer.MAX_VALUE));
        this.limits = new LimitsConfig(
                r.bytes("tachyon.limits.max-frame-bytes", MIN_FRAME_BYTES),
                r.integer("tachyon.limits.max-json-depth", MIN_JSON_DEPTH, Integer.MAX_VALUE),
                r.integer("tachyon.limits.max-in-flight-per-session", 1, Integer.MAX_VALUE),
                r.integer("tachyon.limits.max-connections", 1, Integer.MAX_VALUE),
                r.integer("tachyon.limits.max-connections-per-address", 1, Integer.MAX_VALUE),
                r.bytes("tachyon.limits.max-connection-memory", MIN_FRAME_BYTES),
                r.duration("tachyon.limits.tool-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.limits.idle-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.limits.write-stall-timeout", Duration.ofMillis(1)),
                r.integer("tachyon.limits.max-subscriptions-per-session", 1, Integer.MAX_VALUE),
                r.bytes("tachyon.limits.max-uri-bytes", 1),
                r.integer("tachyon.limits.max-pending-client-requests", 1, Integer.MAX_VALUE),
                r.integer("tachyon.limits.max-number-digits", EngineSettings.MIN_NUMBER_DIGITS, Integer.MAX_VALUE),
                r.bytes("tachyon.limits.max-response-bytes", EngineSettings.MIN_RESPONSE_BYTES),
                r.duration("tachyon.limits.proxy-header-timeout", Duration.ofMillis(1)));
        this.memory = new MemoryConfig(r.integer("tachyon.memory.warn-percent", 1, 100),
                r.integer("tachyon.memory.reject-percent", 1, 100),
                r.integer("tachyon.memory.refuse-connections-percent", 1, 100),
                r.duration("tachyon.memory.recheck-interval", Duration.ofMillis(100)));
        this.breaker = new BreakerConfig(r.integer("tachyon.breaker.failure-threshold", 1, Integer.MAX_VALUE),
                r.duration("tachyon.breaker.open-duration", Duration.ofMillis(1)),
                r.integer("tachyon.breaker.half-open-probes", 1, Integer.MAX_VALUE));
        this.protocol = new ProtocolConfig(r.integer("tachyon.protocol.page-size", 1, Integer.MAX_VALUE),
                r.duration("tachyon.protocol.client-request-timeout", Duration.ofMillis(1)),
                r.secret("tachyon.protocol.request-state-key", ProtocolConfig.MIN_KEY_LENGTH),
                r.secret("tachyon.protocol.request-state-previous-key", ProtocolConfig.MIN_KEY_LENGTH),
                r.duration("tachyon.protocol.request-state-ttl", Duration.ofMillis(1)));
        this.tasks = new TasksConfig(r.integer("tachyon.tasks.max-tasks", 1, Integer.MAX_VALUE),
                r.bytes("tachyon.tasks.max-result-bytes", 1),
                r.bytes("tachyon.tasks.max-store-bytes", dev.tachyon.server.tasks.TaskLimits.TASK_OVERHEAD_BYTES),
                r.duration("tachyon.tasks.default-ttl", Duration.ofMillis(1)),
                r.duration("tachyon.tasks.max-ttl", Duration.ofMillis(1)),
                r.duration("tachyon.tasks.poll-interval", Duration.ofMillis(1)));
        this.shutdown = new ShutdownConfig(r.duration("tachyon.shutdown.drain-timeout", Duration.ZERO),
                r.duration("tachyon.shutdown.ready-delay", Duration.ZERO));
        this.cluster = new ClusterConfig(r.text("tachyon.cluster.node-id",
                s -> s.isEmpty() || ClusterConfig.NODE_ID.matcher(s).matches(),
                "1 to 32 of a-z, 0-9 and -, or \"\" for a single instance"));
        this.skills = new SkillsConfig(r.text("tachyon.skills.directory", s -> true,
                "a directory name, or \"\" for no skills"));
        this.tls = new TlsConfig(r.text("tachyon.tls.cert-chain", s -> true, "a file name"),
                r.text("tachyon.tls.private-key", s -> true, "a file name"),
                r.text("tachyon.tls.client-ca", s -> true, "a file name"),
                r.text("tachyon.tls.client-auth", TlsConfig.CLIENT_AUTH::contains, "none, optional or require"),
                hostList(r.text("tachyon.tls.protocols", s -> !hostList(s).isEmpty()
                        && TlsConfig.PROTOCOLS.containsAll(hostList(s)), "a comma-separated list of TLSv1.3, TLSv1.2")),
                r.duration("tachyon.tls.handshake-timeout", Duration.ofMillis(1)),
                r.bool("tachyon.tcp.tls.enabled"), r.bool("tachyon.http.tls.enabled"),
                r.bool("tachyon.admin.tls.enabled"),
                r.text("tachyon.tls.provider", TlsConfig.PROVIDERS::contains, "auto, jdk or openssl"));
        this.auth = new AuthConfig(r.text("tachyon.auth.resource", s -> s.chars().noneMatch(Character::isWhitespace),
                        "an absolute https URI without spaces, or \"\" for off"),
                hostList(r.text("tachyon.auth.authorization-servers", s -> true, "comma-separated issuer URLs")),
                AuthConfig.scopeList(r.text("tachyon.auth.scopes-supported", s -> true, "scopes")),
                AuthConfig.scopeList(r.text("tachyon.auth.required-scopes", s -> true, "scopes")),
                toolScopes(r),
                r.duration("tachyon.auth.clock-skew", Duration.ZERO),
                hostList(r.text("tachyon.auth.algorithms", s -> !hostList(s).isEmpty()
                        && AuthSettings.ASYMMETRIC_ALGORITHMS.containsAll(hostList(s)),
                        "a comma-separated list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512"
                                + " (never none or HMAC)")),
                r.duration("tachyon.auth.jwks-cache-ttl", Duration.ofSeconds(1)),
                r.duration("tachyon.auth.jwks-refresh-timeout", Duration.ofMillis(1)),
                r.duration("tachyon.auth.jwks-min-refresh-interval", Duration.ofMillis(1)),
                r.duration("tachyon.auth.fetch-timeout", Duration.ofMillis(1)),
                r.integer("tachyon.auth.token-cache-size", 1, Integer.MAX_VALUE),
                r.integer("tachyon.auth.max-verifications-in-flight", 1, Integer.MAX_VALUE),
                r.integer("tachyon.auth.verification-threads", 1, 256),
                r.text("tachyon.auth.introspection.endpoint", s -> s.chars().noneMatch(Character::isWhitespace),
                        "an https URL, or \"\" for none"),
                r.text("tachyon.auth.introspection.client-id", s -> true, "a client id"),
                r.secret("tachyon.auth.introspection.client-secret", 1));
        this.rateLimits = new RateLimitsConfig(rate(r, "tachyon.rate-limits.tool-calls"),
                perTool(r, "tachyon.rate-limits.tool-calls.per-tool"), rate(r, "tachyon.rate-limits.connections"),
                rate(r, "tachyon.rate-limits.sessions"),
                r.integer("tachyon.rate-limits.max-clients", 1, Integer.MAX_VALUE));
        this.log = new LogConfig(r.text("tachyon.log.format", LogConfig.FORMATS::contains, "text or json"));
        this.settings = List.copyOf(r.settings());
    }

    /**
     * Reads every key through {@code reader} and checks the values against each other. The
     * result is only meaningful when the reader's problem list is still empty afterwards.
     */
    static TachyonConfig read(TypedSettings reader) {
        TachyonConfig config = new TachyonConfig(reader);
        if (reader.problems().isEmpty()) {
            config.checkCombinations(reader);
        }
        return config;
    }

    private void checkCombinations(TypedSettings r) {
        if (cluster.clustered() && protocol.requestStateKey().isEmpty()) {
            // Any instance may get the next round of an input-required request: all must share the key.
            r.conflict("tachyon.protocol.request-state-key", "tachyon.cluster.node-id = " + cluster.nodeId()
                    + " runs several instances, which must share a request-state key: set"
                    + " tachyon.protocol.request-state-key (the same on every instance)");
        }
        if (memory.warnPercent() > memory.rejectPercent() || memory.rejectPercent() > memory.refuseConnectionsPercent()) {
            r.conflict("tachyon.memory.reject-percent",
                    "the memory watermarks must not decrease: warn-percent <= reject-percent <= refuse-connections-percent");
        }
        if (tasks.defaultTtl().compareTo(tasks.maxTtl()) > 0) {
            r.conflict("tachyon.tasks.default-ttl", "a task's default TTL must not exceed tachyon.tasks.max-ttl ("
                    + tasks.maxTtl() + ")");
        }
        if (limits.maxResponseBytes() > EngineSettings.MAX_RESPONSE_BYTES) {
            r.conflict("tachyon.limits.max-response-bytes",
                    "a response is one buffer with its framing: max-response-bytes must be below 2047 MiB");
        }
        if (limits.maxConnectionMemory() < limits.maxFrameBytes()) {
            r.conflict("tachyon.limits.max-connection-memory",
                    "a connection's memory budget must hold at least one whole message: max-connection-memory >= max-frame-bytes");
        }
        if (tls.certChain().isEmpty() != tls.privateKey().isEmpty()) {
            r.conflict(tls.certChain().isEmpty() ? "tachyon.tls.cert-chain" : "tachyon.tls.private-key",
                    "TLS needs both tachyon.tls.cert-chain and tachyon.tls.private-key (or neither, for plaintext)");
        }
        if (!"none".equals(tls.clientAuth()) && tls.clientCa().isEmpty()) {
            r.conflict("tachyon.tls.client-ca",
                    "tachyon.tls.client-auth = " + tls.clientAuth() + " needs tachyon.tls.client-ca to check client certificates");
        }
        if (!tls.clientCa().isEmpty() && !tls.configured()) {
            r.conflict("tachyon.tls.client-ca", "a client CA means mutual TLS: set tachyon.tls.cert-chain and private-key too");
        }
        if (auth.configured()) {
            try {
                auth.toSettings();
            } catch (IllegalArgumentException e) {
                r.conflict(authKeyOf(e.getMessage()), "tachyon.auth: " + e.getMessage());
            }
        }
        if (!tcp.enabled() && !http.enabled() && !stdio.enabled()) {
            r.conflict("tachyon.tcp.enabled",
                    "no transport is enabled; enable at least one of tachyon.tcp, tachyon.http, tachyon.stdio");
        }
        // Binding the same address twice fails at start; saying which keys clash is kinder.
        if (tcp.enabled() && http.enabled() && sameEndpoint(tcp.host(), tcp.port(), http.host(), http.port())) {
            r.conflict("tachyon.http.port", "tachyon.tcp and tachyon.http both listen on " + http.host() + ":" + http.port());
        }
        if (admin.enabled() && tcp.enabled() && sameEndpoint(tcp.host(), tcp.port(), admin.host(), admin.port())) {
            r.conflict("tachyon.admin.port", "tachyon.tcp and tachyon.admin both listen on " + admin.host() + ":" + admin.port());
        }
        if (admin.enabled() && http.enabled() && sameEndpoint(http.host(), http.port(), admin.host(), admin.port())) {
            r.conflict("tachyon.admin.port", "tachyon.http and tachyon.admin both listen on " + admin.host() + ":" + admin.port());
        }
    }

    private static boolean sameEndpoint(String hostA, int portA, String hostB, int portB) {
        // Different host strings may still be one address (localhost, 127.0.0.1); only the obvious clash is caught.
        return portA == portB && hostA.equals(hostB);
    }

    private static java.util.Map<String, List<String>> toolScopes(TypedSettings r) {
        java.util.Map<String, List<String>> map = AuthConfig.toolScopeMap(r.text("tachyon.auth.tool-scopes",
                s -> AuthConfig.toolScopeMap(s) != null, "\"tool = scope scope; other-tool = scope\""));
        return map == null ? java.util.Map.of() : map;
    }

    /** The tachyon.auth key an AuthSettings complaint is about, for the problem's location. */
    private static String authKeyOf(String message) {
        if (message.startsWith("authorization server") || message.startsWith("auth needs")) {
            return "tachyon.auth.authorization-servers";
        }
        if (message.startsWith("not a valid scope")) {
            return "tachyon.auth.scopes-supported";
        }
        if (message.startsWith("introspection")) {
            return "tachyon.auth.introspection.endpoint";
        }
        if (message.startsWith("clockSkew")) {
            return "tachyon.auth.clock-skew";
        }
        return "tachyon.auth.resource";
    }

    /** "a.example, b.example" as a list; the empty string is the empty list. */
    private static List<String> hostList(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::trim).collect(java.util.stream.Collectors.toList());
    }

    private static String host(TypedSettings r, String key) {
        return r.text(key, s -> !s.isBlank() && s.chars().noneMatch(Character::isWhitespace),
                "a host name or IP address");
    }

    private static int port(TypedSettings r, String key) {
        return r.integer(key, 1, MAX_PORT);
    }

    /** {@code tachyon.server}. */
    public ServerInfo server() {
        return server;
    }

    /** {@code tachyon.tcp}. */
    public TcpConfig tcp() {
        return tcp;
    }

    /** {@code tachyon.http}. */
    public HttpConfig http() {
        return http;
    }

    /** {@code tachyon.stdio}. */
    public StdioConfig stdio() {
        return stdio;
    }

    /** {@code tachyon.admin}. */
    public AdminConfig admin() {
        return admin;
    }

    /** {@code tachyon.io}. */
    public IoConfig io() {
        return io;
    }

    /** {@code tachyon.workers}. */
    public WorkersConfig workers() {
        return workers;
    }

    /** {@code tachyon.memory}. */
    public MemoryConfig memory() {
        return memory;
    }

    /** {@code tachyon.rate-limits}. */
    public RateLimitsConfig rateLimits() {
        return rateLimits;
    }

    /** {@code <section>.rate} and {@code <section>.burst}: a token bucket's size (rate 0: off). */
    private static dev.tachyon.server.ratelimit.RateLimit rate(TypedSettings r, String section) {
        double perSecond = r.decimal(section + ".rate", 0, 1e9);
        int burst = r.integer(section + ".burst", 0, Integer.MAX_VALUE);
        return RateLimitsConfig.rate(perSecond, burst);
    }

    private static java.util.Map<String, dev.tachyon.server.ratelimit.RateLimit> perTool(TypedSettings r, String key) {
        String text = r.text(key, s -> RateLimitsConfig.perTool(s) != null,
                "comma-separated tool=rate/burst (e.g. \"search=5/10, fetch=0.5\")");
        java.util.Map<String, dev.tachyon.server.ratelimit.RateLimit> tools = RateLimitsConfig.perTool(text);
        return tools == null ? java.util.Map.of() : tools;
    }

    /** {@code tachyon.breaker}. */
    public BreakerConfig breaker() {
        return breaker;
    }

    /** {@code tachyon.limits}. */
    public LimitsConfig limits() {
        return limits;
    }

    /** {@code tachyon.protocol}. */
    public ProtocolConfig protocol() {
        return protocol;
    }

    /** {@code tachyon.tasks}. */
    public TasksConfig tasks() {
        return tasks;
    }

    /** {@code tachyon.cluster}. */
    public ClusterConfig cluster() {
        return cluster;
    }

    /** {@code tachyon.skills}: the skills extension's directory. */
    public SkillsConfig skills() {
        return skills;
    }

    /** {@code tachyon.shutdown}. */
    public ShutdownConfig shutdown() {
        return shutdown;
    }

    /** {@code tachyon.auth}: the OAuth 2.1 resource server on Streamable HTTP. */
    public AuthConfig auth() {
        return auth;
    }

    /** {@code tachyon.tls} (with each listener's {@code tls.enabled}). */
    public TlsConfig tls() {
        return tls;
    }

    /** {@code tachyon.log}. */
    public LogConfig log() {
        return log;
    }

    /** Every key with its canonical value and source, sorted by key. */
    public List<Setting> settings() {
        return settings;
    }

    /** The setting for {@code key}, if it is a known key. */
    public Optional<Setting> setting(String key) {
        Objects.requireNonNull(key, "key");
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The settings, one {@code key = value  # source} per line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Setting setting : settings) {
            text.append(setting).append('\n');
        }
        return text.toString();
    }
}
