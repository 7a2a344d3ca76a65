package dev.tachyon.server;

import dev.tachyon.server.admin.AdminSettings;
import dev.tachyon.server.config.AdminConfig;
import dev.tachyon.server.config.HttpConfig;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.http.HttpCompression;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.config.TlsConfig;
import dev.tachyon.server.connection.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.HashSet;
import java.util.Set;

/**
 * The one place where a {@link TachyonConfig} becomes the settings of the server's parts
 * (engine, HTTP transport, admin endpoint, memory watermarks): a {@link TachyonServer.Builder}
 * filled through its public methods, as {@code bin/tachyon serve} runs it. The builder's own
 * defaults are reference.conf's (EmbeddingDefaultsTest), so an embedder who never loads a file
 * gets exactly the documented defaults.
 */
public final class ConfigMapping {

    private ConfigMapping() {
    }

    /**
     * A builder with every setting {@code config} holds, transports and admin endpoint
     * included; the builder's methods may still change any.
     */
    public static TachyonServer.Builder builder(TachyonConfig config) {
        TachyonServer.Builder builder = TachyonServer.builder()
                .settings(engine(config))
                .maxFrameBytes(config.limits().maxFrameBytes())
                .maxConnections(config.limits().maxConnections())
                .maxConnectionsPerAddress(config.limits().maxConnectionsPerAddress())
                .maxConnectionMemory(config.limits().maxConnectionMemory())
                .idleTimeout(config.limits().idleTimeout())
                .writeStallTimeout(config.limits().writeStallTimeout())
                .tcpProxyProtocol(config.tcp().proxyProtocol())
                .httpProxyProtocol(config.http().proxyProtocol())
                .proxyHeaderTimeout(config.limits().proxyHeaderTimeout())
                .memoryWatermarks(config.memory())
                .ioThreads(config.io().eventLoopThreads())
                .nativeTransport(config.io().nativeTransport())
                .drainMillis(config.shutdown().drainTimeout().toMillis())
                .readyDelayMillis(config.shutdown().readyDelay().toMillis())
                .adminSettings(admin(config))
                .healthLimits(config.admin().unhealthyHeapPercent(), config.admin().unhealthyDirectPercent())
                .tls(tls(config))
                .auth(auth(config))
                .rateLimits(config.rateLimits())
                .skillsDirectory(config.skills().configured() ? Path.of(config.skills().directory()) : null);
        if (config.tcp().enabled()) {
            builder.tcp(config.tcp().host(), config.tcp().port());
        }
        if (config.http().enabled()) {
            builder.http(http(config).build());
        }
        if (config.stdio().enabled()) {
            builder.stdio();
        }
        if (config.admin().enabled()) {
            builder.admin(config.admin().host(), config.admin().port());
        }
        return builder;
    }

    static EngineSettings engine(TachyonConfig config) {
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
                .taskLimits(new dev.tachyon.server.tasks.TaskLimits(config.tasks().maxTasks(),
                        config.tasks().maxResultBytes(), config.tasks().maxStoreBytes(), config.tasks().defaultTtl(),
                        config.tasks().maxTtl(), config.tasks().pollInterval()))
                .maxNumberDigits(config.limits().maxNumberDigits())
                .maxResponseBytes(config.limits().maxResponseBytes())
                .build();
    }

    /** Every HTTP setting but whether HTTP is served at all; the caller may still change host and port. */
    static HttpSettings.Builder http(TachyonConfig config) {
        HttpConfig http = config.http();
        // Loopback names always, plus the configured ones.
        Set<String> hosts = new HashSet<>(HttpSettings.LOOPBACK_HOSTS);
        hosts.addAll(http.allowedHosts());
        return HttpSettings.builder()
                .host(http.host())
                .port(http.port())
                .path(http.path())
                .allowedHosts(hosts)
                .sessionIdleTimeout(http.sessionIdleTimeout())
                .sseRetryMillis(http.sseRetry().toMillis())
                .sseKeepaliveInterval(http.sseKeepaliveInterval())
                .eventLogCapacity(http.eventLogCapacity())
                .maxPipelinedRequests(http.maxPipelinedRequests())
                .maxHeaderBytes(http.maxHeaderBytes())
                .headerTimeout(http.headerTimeout())
                .bodyTimeout(http.bodyTimeout())
                .maxSessions(http.maxSessions())
                .maxSessionsPerAddress(http.maxSessionsPerAddress())
                .eventLogMaxBytes(http.eventLogMaxBytes())
                .unusedSessionTimeout(http.unusedSessionTimeout())
                .compression(HttpCompression.of(http.compression().enabled(), http.compression().minBytes(),
                        http.compression().level()))
                .nodeId(config.cluster().nodeId());
    }

    static AdminSettings admin(TachyonConfig config) {
        AdminConfig admin = config.admin();
        return AdminSettings.builder()
                .allowedHosts(admin.allowedHosts())
                .maxConnections(admin.maxConnections())
                .idleTimeout(admin.idleTimeout())
                .requestTimeout(admin.requestTimeout())
                .allowGc(admin.allowGc())
                .gcMinInterval(admin.gcMinInterval())
                .build();
    }

    /** The configured resource server, or null when {@code tachyon.auth.resource} is empty (HTTP takes no tokens). */
    static AuthSettings auth(TachyonConfig config) {
        return config.auth().configured() ? config.auth().toSettings() : null;
    }

    /**
     * The configured TLS, or null when {@code tachyon.tls} names no certificate (plaintext);
     * listeners whose {@code tls.enabled} is false stay plaintext.
     */
    static TlsSettings tls(TachyonConfig config) {
        TlsConfig tls = config.tls();
        if (!tls.configured()) {
            return null;
        }
        Set<TlsSettings.Listener> on = EnumSet.noneOf(TlsSettings.Listener.class);
        if (tls.onTcp()) {
            on.add(TlsSettings.Listener.TCP);
        }
        if (tls.onHttp()) {
            on.add(TlsSettings.Listener.HTTP);
        }
        if (tls.onAdmin()) {
            on.add(TlsSettings.Listener.ADMIN);
        }
        return TlsSettings.of(Path.of(tls.certChain()), Path.of(tls.privateKey()))
                .withClientAuth(TlsSettings.ClientAuth.valueOf(tls.clientAuth().toUpperCase(Locale.ROOT)),
                        tls.clientCa().isEmpty() ? null : Path.of(tls.clientCa()))
                .withProtocols(tls.protocols())
                .withHandshakeTimeout(tls.handshakeTimeout())
                .withListeners(on)
                .withProvider(TlsSettings.Provider.valueOf(tls.provider().toUpperCase(Locale.ROOT)));
    }

    /** A configured key's bytes, or null for none (empty). */
    private static byte[] keyBytes(String key) {
        return key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
    }
}
