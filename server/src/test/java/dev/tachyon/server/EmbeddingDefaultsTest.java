package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.admin.AdminSettings;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.connection.TlsSettings;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.http.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One set of defaults: a server embedded without a configuration file, and each settings
 * builder on its own, hold exactly the values {@code reference.conf} documents, key by key;
 * and a loaded configuration reaches every part of the server through the builder.
 *
 * <p>Every key of {@code reference.conf} is either compared here or listed in
 * {@link #NOT_DEFAULTED} with the reason no builder defaults it, so a new key fails this test
 * until it is mapped.
 */
class EmbeddingDefaultsTest {

    private static final TachyonConfig REFERENCE = ConfigLoader.defaults();

    /** Keys no builder gives a default for, and why. */
    private static final Map<String, String> NOT_DEFAULTED = Map.of(
            "tachyon.tcp.enabled", "an embedder names its transports",
            "tachyon.tcp.host", "tcp(host, port) names it",
            "tachyon.tcp.port", "tcp(host, port) names it",
            "tachyon.http.enabled", "an embedder names its transports",
            "tachyon.stdio.enabled", "an embedder names its transports",
            "tachyon.admin.enabled", "admin(host, port) turns it on",
            "tachyon.admin.host", "admin(host, port) names it",
            "tachyon.admin.port", "admin(host, port) names it",
            "tachyon.log.format", "logging belongs to the process: bin/tachyon sets it, an embedder keeps its own");

    /** Which builder holds a value: the facade's own, or one of the settings builders it fills. */
    private enum Holder { ENGINE, HTTP, ADMIN, FACADE }

    /** What a server's parts were built with. */
    private static final class Parts {
        final EngineSettings engine;
        final HttpSettings http;
        final AdminSettings admin;
        final TachyonServer.Builder facade;

        Parts(EngineSettings engine, HttpSettings http, AdminSettings admin, TachyonServer.Builder facade) {
            this.engine = engine;
            this.http = http;
            this.admin = admin;
            this.facade = facade;
        }

        static Parts of(TachyonServer.Builder builder) {
            return new Parts(builder.engineSettings(), builder.httpSettings(), builder.adminSettings(), builder);
        }
    }

    /** One key's value as the configuration holds it and as a part of the server holds it. */
    private static final class Row {
        final String key;
        final Holder holder;
        final Function<TachyonConfig, Object> expected;
        final Function<Parts, Object> actual;

        Row(String key, Holder holder, Function<TachyonConfig, Object> expected, Function<Parts, Object> actual) {
            this.key = key;
            this.holder = holder;
            this.expected = expected;
            this.actual = actual;
        }

        Executable check(TachyonConfig config, Parts parts) {
            return () -> assertEquals(expected.apply(config), actual.apply(parts), key + " (" + holder + ")");
        }
    }

    private static final List<Row> ROWS = List.of(
            engine("tachyon.server.name", c -> c.server().name(), EngineSettings::serverName),
            engine("tachyon.server.version", c -> c.server().version(), EngineSettings::serverVersion),
            http("tachyon.http.host", c -> c.http().host(), HttpSettings::host),
            http("tachyon.http.port", c -> c.http().port(), HttpSettings::port),
            http("tachyon.http.path", c -> c.http().path(), HttpSettings::path),
            http("tachyon.http.allowed-hosts", EmbeddingDefaultsTest::allowedHttpHosts, HttpSettings::allowedHosts),
            http("tachyon.http.session-idle-timeout", c -> c.http().sessionIdleTimeout(), HttpSettings::sessionIdleTimeout),
            http("tachyon.http.sse-retry", c -> c.http().sseRetry().toMillis(), HttpSettings::sseRetryMillis),
            http("tachyon.http.sse-keepalive-interval", c -> c.http().sseKeepaliveInterval(),
                    HttpSettings::sseKeepaliveInterval),
            http("tachyon.http.event-log-capacity", c -> c.http().eventLogCapacity(), HttpSettings::eventLogCapacity),
            http("tachyon.http.max-pipelined-requests", c -> c.http().maxPipelinedRequests(),
                    HttpSettings::maxPipelinedRequests),
            http("tachyon.http.max-header-bytes", c -> c.http().maxHeaderBytes(), HttpSettings::maxHeaderBytes),
            http("tachyon.http.header-timeout", c -> c.http().headerTimeout(), HttpSettings::headerTimeout),
            http("tachyon.http.body-timeout", c -> c.http().bodyTimeout(), HttpSettings::bodyTimeout),
            http("tachyon.http.max-sessions", c -> c.http().maxSessions(), HttpSettings::maxSessions),
            // HttpSettings never lets one address hold more than every address together.
            http("tachyon.http.max-sessions-per-address",
                    c -> Math.min(c.http().maxSessionsPerAddress(), c.http().maxSessions()),
                    HttpSettings::maxSessionsPerAddress),
            http("tachyon.http.event-log-max-bytes", c -> (long) c.http().eventLogMaxBytes(), HttpSettings::eventLogMaxBytes),
            // ... nor an unused session outlive an idle one.
            http("tachyon.http.compression.enabled", c -> c.http().compression().enabled(),
                    s -> s.compression().enabled()),
            http("tachyon.http.compression.min-bytes", c -> c.http().compression().minBytes(),
                    s -> s.compression().minBytes()),
            http("tachyon.http.compression.level", c -> c.http().compression().level(), s -> s.compression().level()),
            http("tachyon.http.unused-session-timeout",
                    c -> min(c.http().unusedSessionTimeout(), c.http().sessionIdleTimeout()),
                    HttpSettings::unusedSessionTimeout),
            facade("tachyon.admin.unhealthy-heap-percent", c -> c.admin().unhealthyHeapPercent(),
                    TachyonServer.Builder::unhealthyHeapPercent),
            facade("tachyon.admin.unhealthy-direct-percent", c -> c.admin().unhealthyDirectPercent(),
                    TachyonServer.Builder::unhealthyDirectPercent),
            admin("tachyon.admin.allowed-hosts", c -> c.admin().allowedHosts(), AdminSettings::allowedHosts),
            admin("tachyon.admin.max-connections", c -> c.admin().maxConnections(), AdminSettings::maxConnections),
            admin("tachyon.admin.idle-timeout", c -> c.admin().idleTimeout(), AdminSettings::idleTimeout),
            admin("tachyon.admin.request-timeout", c -> c.admin().requestTimeout(), AdminSettings::requestTimeout),
            admin("tachyon.admin.allow-gc", c -> c.admin().allowGc(), AdminSettings::allowGc),
            admin("tachyon.admin.gc-min-interval", c -> c.admin().gcMinInterval(), AdminSettings::gcMinInterval),
            facade("tachyon.io.event-loop-threads", c -> c.io().eventLoopThreads(), TachyonServer.Builder::ioThreads),
            facade("tachyon.io.native-transport", c -> c.io().nativeTransport(), TachyonServer.Builder::nativeTransport),
            engine("tachyon.workers.threads", c -> c.workers().effectiveThreads(), EngineSettings::workerThreads),
            engine("tachyon.workers.queue-capacity", c -> c.workers().queueCapacity(), EngineSettings::workerQueueCapacity),
            // 0 means half the workers, at least 1; a tenth of the queue, at least 1.
            engine("tachyon.workers.max-per-session", c -> c.workers().maxPerSession() > 0 ? c.workers().maxPerSession()
                    : Math.max(1, c.workers().effectiveThreads() / 2), EngineSettings::workerMaxPerSession),
            engine("tachyon.workers.max-queued-per-session", c -> c.workers().maxQueuedPerSession() > 0
                    ? c.workers().maxQueuedPerSession() : Math.max(1, c.workers().queueCapacity() / 10),
                    EngineSettings::workerMaxQueuedPerSession),
            // One frame/body limit for TCP lines and HTTP bodies alike (the connection pipeline's).
            facade("tachyon.limits.max-frame-bytes", c -> c.limits().maxFrameBytes(),
                    b -> b.connectionSettings().maxFrameBytes()),
            engine("tachyon.limits.max-json-depth", c -> c.limits().maxJsonDepth(), EngineSettings::maxJsonDepth),
            engine("tachyon.limits.max-in-flight-per-session", c -> c.limits().maxInFlightPerSession(),
                    EngineSettings::maxInFlightPerSession),
            facade("tachyon.limits.max-connections", c -> c.limits().maxConnections(),
                    b -> b.connectionSettings().maxConnections()),
            facade("tachyon.limits.max-connections-per-address", c -> c.limits().maxConnectionsPerAddress(),
                    TachyonServer.Builder::maxConnectionsPerAddress),
            facade("tachyon.limits.max-connection-memory", c -> c.limits().maxConnectionMemory(),
                    TachyonServer.Builder::maxConnectionMemory),
            engine("tachyon.limits.tool-timeout", c -> c.limits().toolTimeout(), EngineSettings::toolTimeout),
            facade("tachyon.limits.idle-timeout", c -> c.limits().idleTimeout(), b -> b.connectionSettings().idleTimeout()),
            facade("tachyon.limits.write-stall-timeout", c -> c.limits().writeStallTimeout(),
                    b -> b.connectionSettings().writeStallTimeout()),
            facade("tachyon.limits.proxy-header-timeout", c -> c.limits().proxyHeaderTimeout(),
                    b -> b.connectionSettings().proxyHeaderTimeout()),
            facade("tachyon.tcp.proxy-protocol", c -> c.tcp().proxyProtocol(), TachyonServer.Builder::tcpProxyProtocol),
            facade("tachyon.http.proxy-protocol", c -> c.http().proxyProtocol(), TachyonServer.Builder::httpProxyProtocol),
            engine("tachyon.limits.max-subscriptions-per-session", c -> c.limits().maxSubscriptionsPerSession(),
                    EngineSettings::maxSubscriptionsPerSession),
            engine("tachyon.limits.max-uri-bytes", c -> c.limits().maxUriBytes(), EngineSettings::maxUriBytes),
            engine("tachyon.limits.max-pending-client-requests", c -> c.limits().maxPendingClientRequests(),
                    EngineSettings::maxPendingClientRequests),
            engine("tachyon.limits.max-number-digits", c -> c.limits().maxNumberDigits(), EngineSettings::maxNumberDigits),
            engine("tachyon.limits.max-response-bytes", c -> c.limits().maxResponseBytes(), EngineSettings::maxResponseBytes),
            engine("tachyon.protocol.page-size", c -> c.protocol().pageSize(), EngineSettings::pageSize),
            engine("tachyon.protocol.client-request-timeout", c -> c.protocol().clientRequestTimeout(),
                    EngineSettings::clientRequestTimeout),
            // "" is no key (a random one per process): null in the engine.
            engine("tachyon.protocol.request-state-key", c -> c.protocol().requestStateKey(),
                    s -> text(s.requestStateKey())),
            engine("tachyon.protocol.request-state-previous-key", c -> c.protocol().requestStatePreviousKey(),
                    s -> text(s.requestStatePreviousKey())),
            engine("tachyon.protocol.request-state-ttl", c -> c.protocol().requestStateTtl(), EngineSettings::requestStateTtl),
            engine("tachyon.tasks.max-tasks", c -> c.tasks().maxTasks(), s -> s.taskLimits().maxTasks()),
            engine("tachyon.tasks.max-result-bytes", c -> c.tasks().maxResultBytes(), s -> s.taskLimits().maxResultBytes()),
            engine("tachyon.tasks.max-store-bytes", c -> (long) c.tasks().maxStoreBytes(),
                    s -> s.taskLimits().maxStoreBytes()),
            engine("tachyon.tasks.default-ttl", c -> c.tasks().defaultTtl(), s -> s.taskLimits().defaultTtl()),
            engine("tachyon.tasks.max-ttl", c -> c.tasks().maxTtl(), s -> s.taskLimits().maxTtl()),
            engine("tachyon.tasks.poll-interval", c -> c.tasks().pollInterval(), s -> s.taskLimits().pollInterval()),
            facade("tachyon.memory.warn-percent", c -> c.memory().warnPercent(), b -> b.memoryWatermarks().warnPercent()),
            facade("tachyon.memory.reject-percent", c -> c.memory().rejectPercent(),
                    b -> b.memoryWatermarks().rejectPercent()),
            facade("tachyon.memory.refuse-connections-percent", c -> c.memory().refuseConnectionsPercent(),
                    b -> b.memoryWatermarks().refuseConnectionsPercent()),
            facade("tachyon.memory.recheck-interval", c -> c.memory().recheckInterval(),
                    b -> b.memoryWatermarks().recheckInterval()),
            engine("tachyon.breaker.failure-threshold", c -> c.breaker().failureThreshold(),
                    EngineSettings::breakerFailureThreshold),
            engine("tachyon.breaker.open-duration", c -> c.breaker().openDuration(), EngineSettings::breakerOpenDuration),
            engine("tachyon.breaker.half-open-probes", c -> c.breaker().halfOpenProbes(),
                    EngineSettings::breakerHalfOpenProbes),
            facade("tachyon.shutdown.drain-timeout", c -> c.shutdown().drainTimeout().toMillis(),
                    TachyonServer.Builder::drainMillis),
            facade("tachyon.shutdown.ready-delay", c -> c.shutdown().readyDelay().toMillis(),
                    TachyonServer.Builder::readyDelayMillis),
            http("tachyon.cluster.node-id", c -> c.cluster().nodeId(), HttpSettings::nodeId),
            facade("tachyon.skills.directory", c -> c.skills().directory(), TachyonServer.Builder::skillsDirectoryName),
            facade("tachyon.rate-limits.tool-calls.rate", c -> c.rateLimits().toolCalls().perSecond(),
                    b -> b.rateLimitsConfig().toolCalls().perSecond()),
            facade("tachyon.rate-limits.tool-calls.burst", c -> c.rateLimits().toolCalls().burst(),
                    b -> b.rateLimitsConfig().toolCalls().burst()),
            facade("tachyon.rate-limits.tool-calls.per-tool", c -> c.rateLimits().perTool(),
                    b -> b.rateLimitsConfig().perTool()),
            facade("tachyon.rate-limits.connections.rate", c -> c.rateLimits().connections().perSecond(),
                    b -> b.rateLimitsConfig().connections().perSecond()),
            facade("tachyon.rate-limits.connections.burst", c -> c.rateLimits().connections().burst(),
                    b -> b.rateLimitsConfig().connections().burst()),
            facade("tachyon.rate-limits.sessions.rate", c -> c.rateLimits().sessions().perSecond(),
                    b -> b.rateLimitsConfig().sessions().perSecond()),
            facade("tachyon.rate-limits.sessions.burst", c -> c.rateLimits().sessions().burst(),
                    b -> b.rateLimitsConfig().sessions().burst()),
            facade("tachyon.rate-limits.max-clients", c -> c.rateLimits().maxClients(),
                    b -> b.rateLimitsConfig().maxClients()),
            // No TLS (null in the builder) reads as the empty files and the defaults of TlsSettings.
            tls("tachyon.tls.cert-chain", c -> c.tls().certChain(), t -> t.certChain().toString(), ""),
            tls("tachyon.tls.private-key", c -> c.tls().privateKey(), t -> t.privateKey().toString(), ""),
            tls("tachyon.tls.client-ca", c -> c.tls().clientCa(),
                    t -> t.clientCa() == null ? "" : t.clientCa().toString(), ""),
            tls("tachyon.tls.client-auth", c -> c.tls().clientAuth(),
                    t -> t.clientAuth().name().toLowerCase(Locale.ROOT), "none"),
            tls("tachyon.tls.protocols", c -> c.tls().protocols(), TlsSettings::protocols,
                    TlsSettings.DEFAULT_PROTOCOLS),
            tls("tachyon.tls.handshake-timeout", c -> c.tls().handshakeTimeout(), TlsSettings::handshakeTimeout,
                    TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT),
            tls("tachyon.tls.provider", c -> c.tls().provider(),
                    t -> t.provider().name().toLowerCase(Locale.ROOT), "jdk"),
            // A listener's tls.enabled defaults to true: "on when tachyon.tls is set".
            tls("tachyon.tcp.tls.enabled", c -> c.tls().onTcp(), t -> t.on(TlsSettings.Listener.TCP), true),
            tls("tachyon.http.tls.enabled", c -> c.tls().onHttp(), t -> t.on(TlsSettings.Listener.HTTP), true),
            tls("tachyon.admin.tls.enabled", c -> c.tls().onAdmin(), t -> t.on(TlsSettings.Listener.ADMIN), true),
            // No auth (null in the builder) reads as the empty lists and AuthSettings' own defaults.
            auth("tachyon.auth.resource", c -> c.auth().resource(), a -> a.resource().toString(), ""),
            auth("tachyon.auth.authorization-servers", c -> c.auth().authorizationServers(),
                    a -> a.authorizationServers().stream().map(java.net.URI::toString).toList(), List.of()),
            auth("tachyon.auth.scopes-supported", c -> c.auth().scopesSupported(), AuthSettings::scopesSupported,
                    List.of()),
            auth("tachyon.auth.required-scopes", c -> c.auth().requiredScopes(), AuthSettings::requiredScopes, List.of()),
            auth("tachyon.auth.tool-scopes", c -> c.auth().toolScopes(), AuthSettings::toolScopes, Map.of()),
            auth("tachyon.auth.clock-skew", c -> c.auth().clockSkew(), AuthSettings::clockSkew, null),
            auth("tachyon.auth.algorithms", c -> c.auth().algorithms(), AuthSettings::algorithms, null),
            auth("tachyon.auth.jwks-cache-ttl", c -> c.auth().jwksCacheTtl(), AuthSettings::jwksCacheTtl, null),
            auth("tachyon.auth.jwks-refresh-timeout", c -> c.auth().jwksRefreshTimeout(),
                    AuthSettings::jwksRefreshTimeout, null),
            auth("tachyon.auth.jwks-min-refresh-interval", c -> c.auth().jwksMinRefreshInterval(),
                    AuthSettings::jwksMinRefreshInterval, null),
            auth("tachyon.auth.fetch-timeout", c -> c.auth().fetchTimeout(), AuthSettings::fetchTimeout, null),
            auth("tachyon.auth.token-cache-size", c -> c.auth().tokenCacheSize(), AuthSettings::tokenCacheSize, null),
            auth("tachyon.auth.max-verifications-in-flight", c -> c.auth().maxVerificationsInFlight(),
                    AuthSettings::maxVerificationsInFlight, null),
            auth("tachyon.auth.verification-threads", c -> c.auth().verificationThreads(),
                    AuthSettings::verificationThreads, null),
            auth("tachyon.auth.introspection.endpoint", c -> c.auth().introspectionEndpoint(),
                    a -> a.introspectionEndpoint() == null ? "" : a.introspectionEndpoint().toString(), null),
            auth("tachyon.auth.introspection.client-id", c -> c.auth().introspectionClientId(),
                    AuthSettings::introspectionClientId, null),
            auth("tachyon.auth.introspection.client-secret", c -> c.auth().introspectionClientSecret(),
                    AuthSettings::introspectionClientSecret, null));

    @Test
    void everyKeyOfReferenceConfIsComparedOrSaysWhyNot() {
        Set<String> compared = ROWS.stream().map(r -> r.key).collect(Collectors.toCollection(TreeSet::new));
        for (String key : NOT_DEFAULTED.keySet()) {
            assertTrue(!compared.contains(key), key + " is both compared and listed as not defaulted");
        }
        Set<String> covered = new TreeSet<>(compared);
        covered.addAll(NOT_DEFAULTED.keySet());
        assertEquals(new TreeSet<>(ConfigLoader.knownKeys()), covered);
    }

    @Test
    void aServerEmbeddedWithoutAFileHasTheValuesOfReferenceConf() {
        TachyonServer.Builder builder = TachyonServer.builder()
                .http(REFERENCE.http().host(), REFERENCE.http().port())
                .admin(REFERENCE.admin().host(), REFERENCE.admin().port());
        assertAll(ROWS.stream().map(row -> row.check(REFERENCE, Parts.of(builder))));
    }

    @Test
    void eachSettingsBuildersDefaultsAreTheValuesOfReferenceConf() {
        Parts defaults = new Parts(EngineSettings.defaults(), HttpSettings.defaults(), AdminSettings.defaults(), null);
        assertAll(ROWS.stream().filter(row -> row.holder != Holder.FACADE).map(row -> row.check(REFERENCE, defaults)));
    }

    @Test
    void aLoadedConfigurationReachesEveryPartThroughTheBuilder() {
        Properties changed = new Properties();
        String[] values = {
            "tachyon.server.name", "other", "tachyon.server.version", "9.9",
            "tachyon.http.enabled", "true", "tachyon.http.host", "10.0.0.7", "tachyon.http.port", "9801",
            "tachyon.http.path", "/rpc", "tachyon.http.allowed-hosts", "mcp.example, other.example",
            "tachyon.http.session-idle-timeout", "5m", "tachyon.http.sse-retry", "3s",
            "tachyon.http.sse-keepalive-interval", "7s",
            "tachyon.http.event-log-capacity", "7", "tachyon.http.max-pipelined-requests", "3",
            "tachyon.http.max-header-bytes", "32 KiB", "tachyon.http.header-timeout", "4s",
            "tachyon.http.body-timeout", "9s", "tachyon.http.max-sessions", "50",
            "tachyon.http.max-sessions-per-address", "5", "tachyon.http.event-log-max-bytes", "8 KiB",
            "tachyon.http.unused-session-timeout", "20s", "tachyon.http.proxy-protocol", "true",
            "tachyon.http.compression.enabled", "false", "tachyon.http.compression.min-bytes", "4 KiB",
            "tachyon.http.compression.level", "6",
            "tachyon.tcp.proxy-protocol", "true", "tachyon.limits.proxy-header-timeout", "3s",
            "tachyon.admin.enabled", "true", "tachyon.admin.port", "9802",
            "tachyon.admin.unhealthy-heap-percent", "70", "tachyon.admin.unhealthy-direct-percent", "60",
            "tachyon.admin.allowed-hosts", "ops.example", "tachyon.admin.max-connections", "4",
            "tachyon.admin.idle-timeout", "7s", "tachyon.admin.request-timeout", "2s",
            "tachyon.admin.allow-gc", "true", "tachyon.admin.gc-min-interval", "1m",
            "tachyon.io.event-loop-threads", "3", "tachyon.io.native-transport", "false",
            "tachyon.workers.threads", "1001", "tachyon.workers.queue-capacity", "500",
            "tachyon.workers.max-per-session", "333", "tachyon.workers.max-queued-per-session", "9",
            "tachyon.limits.max-frame-bytes", "1 MiB", "tachyon.limits.max-json-depth", "40",
            "tachyon.limits.max-in-flight-per-session", "77", "tachyon.limits.max-connections", "900",
            "tachyon.limits.max-connections-per-address", "90", "tachyon.limits.max-connection-memory", "3 MiB",
            "tachyon.limits.tool-timeout", "11s", "tachyon.limits.idle-timeout", "2m",
            "tachyon.limits.write-stall-timeout", "12s", "tachyon.limits.max-subscriptions-per-session", "33",
            "tachyon.limits.max-uri-bytes", "2 KiB", "tachyon.limits.max-pending-client-requests", "4",
            "tachyon.limits.max-number-digits", "64", "tachyon.limits.max-response-bytes", "2 MiB",
            "tachyon.protocol.page-size", "25", "tachyon.protocol.client-request-timeout", "45s",
            "tachyon.protocol.request-state-key", "k".repeat(40),
            "tachyon.protocol.request-state-previous-key", "p".repeat(40),
            "tachyon.protocol.request-state-ttl", "3m",
            "tachyon.tasks.max-tasks", "123", "tachyon.tasks.max-result-bytes", "64 KiB",
            "tachyon.tasks.max-store-bytes", "8 MiB", "tachyon.tasks.default-ttl", "2m", "tachyon.tasks.max-ttl", "20m",
            "tachyon.tasks.poll-interval", "250ms",
            "tachyon.memory.warn-percent", "50", "tachyon.memory.reject-percent", "60",
            "tachyon.memory.refuse-connections-percent", "70", "tachyon.memory.recheck-interval", "2s",
            "tachyon.breaker.failure-threshold", "8", "tachyon.breaker.open-duration", "5s",
            "tachyon.breaker.half-open-probes", "2", "tachyon.shutdown.drain-timeout", "1500ms",
            "tachyon.shutdown.ready-delay", "2500ms", "tachyon.cluster.node-id", "node-7",
            "tachyon.skills.directory", "/etc/tachyon/skills",
            "tachyon.tls.cert-chain", "/etc/tachyon/chain.pem", "tachyon.tls.private-key", "/etc/tachyon/key.pem",
            "tachyon.tls.client-ca", "/etc/tachyon/clients.pem", "tachyon.tls.client-auth", "require",
            "tachyon.tls.protocols", "TLSv1.3", "tachyon.tls.handshake-timeout", "3s", "tachyon.tls.provider", "auto",
            "tachyon.tcp.tls.enabled", "false", "tachyon.http.tls.enabled", "false",
            "tachyon.admin.tls.enabled", "false",
            "tachyon.auth.resource", "https://mcp.example/mcp",
            "tachyon.auth.authorization-servers", "https://login.example/realm, http://127.0.0.1:9000",
            "tachyon.auth.scopes-supported", "mcp:read mcp:admin", "tachyon.auth.required-scopes", "mcp:read",
            "tachyon.auth.tool-scopes", "deploy = ops mcp:write; admin = mcp:admin",
            "tachyon.auth.clock-skew", "10s", "tachyon.auth.algorithms", "ES256",
            "tachyon.auth.jwks-cache-ttl", "10m", "tachyon.auth.jwks-refresh-timeout", "2s",
            "tachyon.auth.jwks-min-refresh-interval", "1m", "tachyon.auth.fetch-timeout", "3s",
            "tachyon.auth.token-cache-size", "500", "tachyon.auth.max-verifications-in-flight", "16",
            "tachyon.auth.verification-threads", "4",
            "tachyon.auth.introspection.endpoint", "https://login.example/realm/introspect",
            "tachyon.auth.introspection.client-id", "mcp-server",
            "tachyon.auth.introspection.client-secret", "s3cret",
            "tachyon.rate-limits.tool-calls.rate", "50", "tachyon.rate-limits.tool-calls.burst", "80",
            "tachyon.rate-limits.tool-calls.per-tool", "search=5/10, fetch=0.5",
            "tachyon.rate-limits.connections.rate", "2.5", "tachyon.rate-limits.connections.burst", "20",
            "tachyon.rate-limits.sessions.rate", "1", "tachyon.rate-limits.sessions.burst", "4",
            "tachyon.rate-limits.max-clients", "5000",
        };
        for (int i = 0; i < values.length; i += 2) {
            changed.setProperty(values[i], values[i + 1]);
        }
        TachyonConfig config = ConfigLoader.load(null, Map.of(), changed);
        Parts parts = Parts.of(ConfigMapping.builder(config));
        List<Executable> checks = new ArrayList<>();
        for (Row row : ROWS) {
            checks.add(row.check(config, parts));
            // The value really changed, so that the check above proves the mapping and not a default.
            checks.add(() -> assertNotEquals(row.expected.apply(REFERENCE), row.expected.apply(config),
                    row.key + " is not changed by this test"));
        }
        assertAll(checks.stream());
    }

    private static Row engine(String key, Function<TachyonConfig, Object> expected, Function<EngineSettings, Object> actual) {
        return new Row(key, Holder.ENGINE, expected, p -> actual.apply(p.engine));
    }

    private static Row http(String key, Function<TachyonConfig, Object> expected, Function<HttpSettings, Object> actual) {
        return new Row(key, Holder.HTTP, expected, p -> actual.apply(p.http));
    }

    private static Row admin(String key, Function<TachyonConfig, Object> expected, Function<AdminSettings, Object> actual) {
        return new Row(key, Holder.ADMIN, expected, p -> actual.apply(p.admin));
    }

    /** A {@code tachyon.tls} key, as the builder's TLS holds it, or {@code off} when it holds none. */
    private static Row tls(String key, Function<TachyonConfig, Object> expected, Function<TlsSettings, Object> actual,
            Object off) {
        return facade(key, expected, b -> b.tlsSettings() == null ? off : actual.apply(b.tlsSettings()));
    }

    /**
     * A {@code tachyon.auth} key, as the builder's AuthSettings holds it; when it holds none,
     * {@code off}, or (null) the value of a fresh AuthSettings builder: its own defaults must be
     * reference.conf's too.
     */
    private static Row auth(String key, Function<TachyonConfig, Object> expected, Function<AuthSettings, Object> actual,
            Object off) {
        AuthSettings fresh = AuthSettings.builder("https://mcp.example/mcp")
                .authorizationServers(List.of("https://issuer.example")).build();
        return facade(key, expected, b -> b.authSettings() != null ? actual.apply(b.authSettings())
                : off != null ? off : actual.apply(fresh));
    }

    private static Row facade(String key, Function<TachyonConfig, Object> expected,
            Function<TachyonServer.Builder, Object> actual) {
        return new Row(key, Holder.FACADE, expected, p -> actual.apply(p.facade));
    }

    /** Loopback names, the configured ones and the bound host (unless a wildcard), as HttpSettings keeps them. */
    private static Object allowedHttpHosts(TachyonConfig config) {
        Set<String> hosts = new TreeSet<>(HttpSettings.LOOPBACK_HOSTS);
        hosts.addAll(config.http().allowedHosts());
        hosts.add(config.http().host());
        return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String text(byte[] key) {
        return key == null ? "" : new String(key, StandardCharsets.UTF_8);
    }
}
