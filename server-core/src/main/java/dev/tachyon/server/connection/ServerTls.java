package dev.tachyon.server.connection;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's TLS: the {@link SslContext} its new connections handshake with, built from
 * {@link TlsSettings} with the provider {@link TlsProvider} resolves, and rebuilt when the
 * certificate, key or client CA files change ({@link #reloadIfChanged()}, called off the event
 * loop) or when asked ({@link #reload()}, on SIGHUP). Open connections keep the context they were
 * made with, so a reload drops none of them.
 *
 * <p>Thread-safe: the context is swapped as one volatile reference.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final TlsSettings settings;
    private final String listener;
    private final List<String> alpn;
    private final ConnectionCloses closes;
    private final HandshakeFailures failures;
    private final SslProvider provider;
    private volatile SslContext context;
    private volatile List<FileTime> stamps;

    private ServerTls(TlsSettings settings, String listener, List<String> alpn, ConnectionCloses closes) {
        this.settings = settings;
        this.listener = listener;
        this.alpn = List.copyOf(alpn);
        this.closes = closes;
        this.failures = new HandshakeFailures(listener);
        this.provider = TlsProvider.resolve(settings.provider());
        this.stamps = stamps(settings);
        this.context = build(settings, this.alpn, provider);
        LOG.info("{}: TLS with {} ({}, client certificates: {})", listener, TlsProvider.describe(settings.provider()),
                String.join(", ", settings.protocols()), settings.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The TLS of the listener named {@code listener} ({@code tcp}, {@code http}, {@code admin}),
     * advertising {@code alpn} (none: no ALPN); failed handshakes are counted in {@code closes}.
     *
     * @throws IllegalStateException when a file is missing, unreadable, not PEM, or the key does
     *                               not fit, or the provider asked for is not available
     */
    public static ServerTls of(TlsSettings settings, String listener, List<String> alpn, ConnectionCloses closes) {
        return new ServerTls(settings, listener, alpn, closes);
    }

    /** A new connection's TLS stage: the handler doing the handshake, with the handshake timeout. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeout(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return handler;
    }

    /** The TLS implementation this listener runs. */
    public SslProvider provider() {
        return provider;
    }

    /** What follows the handler of {@link #newHandler}: the handshake's outcome. */
    TlsHandshake newWatcher() {
        return new TlsHandshake(closes, failures);
    }

    /**
     * Reads the files again when one of them changed since the last read; new handshakes then
     * use the new certificate. Blocking file I/O: never call it on an event loop. A change that
     * does not load (a half-written file, a key that does not fit) is logged and the old
     * context kept; it is tried again at the next call.
     *
     * @return whether a new context is in use
     */
    public boolean reloadIfChanged() {
        return !stamps(settings).equals(stamps) && reload("changed");
    }

    /**
     * Reads the files again now, changed or not (SIGHUP): new handshakes then use what they
     * hold. Blocking file I/O, never on an event loop; files that do not load are logged and the
     * old context kept.
     *
     * @return whether a new context is in use
     */
    public boolean reload() {
        return reload("reload asked for");
    }

    private synchronized boolean reload(String why) {
        List<FileTime> now = stamps(settings);
        try {
            context = build(settings, alpn, provider);
            stamps = now;
            LOG.info("{}: TLS certificate files reloaded ({}: {}); open connections keep theirs",
                    listener, why, settings.certChain());
            return true;
        } catch (IllegalStateException e) {
            LOG.warn("{}: TLS certificate files do not load ({}), keeping the previous ones: {}",
                    listener, why, e.getMessage());
            return false;
        }
    }

    private static SslContext build(TlsSettings settings, List<String> alpn, SslProvider provider) {
        List<TlsFiles.Problem> problems = TlsFiles.check(settings);
        if (!problems.isEmpty()) {
            StringBuilder text = new StringBuilder("cannot use the TLS files");
            for (TlsFiles.Problem problem : problems) {
                text.append("; ").append(problem.message());
            }
            throw new IllegalStateException(text.toString());
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(settings.certChain().toFile(),
                            settings.privateKey().toFile())
                    .sslProvider(provider)
                    .protocols(settings.protocols())
                    .clientAuth(clientAuth(settings.clientAuth()));
            if (settings.clientCa() != null) {
                builder.trustManager(settings.clientCa().toFile());
            }
            if (!alpn.isEmpty()) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + settings.certChain() + " with key "
                    + settings.privateKey() + (settings.clientCa() == null ? "" : " and client CA " + settings.clientCa())
                    + ": " + rootMessage(e), e);
        }
    }

    private static io.netty.handler.ssl.ClientAuth clientAuth(TlsSettings.ClientAuth auth) {
        switch (auth) {
            case REQUIRE:
                return io.netty.handler.ssl.ClientAuth.REQUIRE;
            case OPTIONAL:
                return io.netty.handler.ssl.ClientAuth.OPTIONAL;
            default:
                return io.netty.handler.ssl.ClientAuth.NONE;
        }
    }

    /** The files' modification times (null for a file that cannot be read now), in a fixed order. */
    private static List<FileTime> stamps(TlsSettings settings) {
        List<FileTime> times = new ArrayList<>(3);
        for (Path file : new Path[] {settings.certChain(), settings.privateKey(), settings.clientCa()}) {
            try {
                times.add(file == null ? null : Files.getLastModifiedTime(file));
            } catch (IOException e) {
                times.add(null);
            }
        }
        return times;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
