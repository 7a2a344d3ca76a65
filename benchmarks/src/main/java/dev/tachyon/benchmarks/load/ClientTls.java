package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The generator's side of TLS for {@code tls://} and {@code https://} targets: trust from
 * {@code --ca} (a PEM file; the server's self-signed certificate from {@code tachyon-bench cert}
 * will do), an optional client certificate ({@code --cert}/{@code --key}, for mutual TLS), the
 * versions offered ({@code --tls-protocol}), and the implementation ({@code --tls-provider}:
 * OpenSSL when it loads, so that the generator's TLS costs less than the server's and the run
 * measures the server). Hostnames are not checked: the load goes to an address, not a name.
 */
final class ClientTls {

    private final SslContext context;
    private final String host;
    private final int port;
    private final String describe;

    private ClientTls(SslContext context, String host, int port, String describe) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.describe = describe;
    }

    /**
     * The TLS of {@code target} from the flags {@code --ca}, {@code --cert}, {@code --key},
     * {@code --tls-protocol}, {@code --tls-provider}; null for a plaintext target (then none of
     * these flags may be given).
     */
    static ClientTls from(Flags flags, Target target) {
        String ca = flags.string("ca", null);
        String cert = flags.string("cert", null);
        String key = flags.string("key", null);
        String protocol = flags.string("tls-protocol", null);
        String provider = flags.string("tls-provider", "auto");
        if (!target.tls()) {
            if (ca != null || cert != null || key != null || protocol != null) {
                throw new IllegalArgumentException("--ca, --cert, --key and --tls-protocol need a tls:// or https:// target");
            }
            return null;
        }
        if (ca == null) {
            throw new IllegalArgumentException("a TLS target needs --ca PEM (the CA or self-signed certificate to trust)");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key go together (a client certificate and its key)");
        }
        if (protocol != null && !List.of("TLSv1.3", "TLSv1.2").contains(protocol)) {
            throw new IllegalArgumentException("--tls-protocol must be TLSv1.3 or TLSv1.2, got " + protocol);
        }
        SslProvider implementation = provider(provider);
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(implementation)
                    .trustManager(new File(ca))
                    .protocols(protocol == null ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {protocol})
                    .endpointIdentificationAlgorithm(null);
            if (cert != null) {
                builder.keyManager(new File(cert), new File(key));
            }
            if (target.transport() == Target.Transport.HTTP) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "http/1.1"));
            }
            String describe = (implementation == SslProvider.OPENSSL ? "OpenSSL" : "JDK") + " client, "
                    + (protocol == null ? "TLSv1.3 or TLSv1.2" : protocol) + (cert == null ? "" : ", client certificate");
            return new ClientTls(builder.build(), target.host(), target.port(), describe);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from --ca " + ca
                    + (cert == null ? "" : " --cert " + cert + " --key " + key) + ": " + e.getMessage(), e);
        }
    }

    private static SslProvider provider(String name) {
        switch (name) {
            case "jdk":
                return SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("--tls-provider openssl: OpenSSL does not load here: "
                            + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "auto":
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default:
                throw new IllegalArgumentException("--tls-provider must be auto, jdk or openssl, got " + name);
        }
    }

    /** A new connection's TLS handler, first in its pipeline. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc, host, port);
    }

    /**
     * A handler that never resumes an earlier session (it names no peer, which both providers
     * key their session caches by): every handshake is a full one, for the handshake rate.
     */
    SslHandler newFullHandshakeHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    /** One line for summaries: the implementation and the versions offered. */
    String describe() {
        return describe;
    }
}
