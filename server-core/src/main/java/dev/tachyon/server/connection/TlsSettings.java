package dev.tachyon.server.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * TLS on the network listeners ({@code tachyon.tls}): the server's certificate chain and
 * private key (PEM files, the key unencrypted PKCS#8), optionally the CA that signs client
 * certificates and whether one is asked for, the protocol versions, the handshake timeout, and
 * which listeners use it.
 *
 * <p>The files are read when the server starts (a missing or unreadable file fails the start,
 * naming it) and read again when they change, so that a renewed certificate is used by new
 * handshakes without dropping open connections.
 *
 * @param certChain        PEM: the server certificate first, then its intermediates
 * @param privateKey       PEM: the certificate's private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param clientCa         PEM: the CA(s) a client certificate must be signed by; null when
 *                         {@code clientAuth} is {@link ClientAuth#NONE}
 * @param clientAuth       whether a client certificate is asked for
 * @param protocols        the TLS versions offered, e.g. {@code TLSv1.3, TLSv1.2}; never empty
 * @param handshakeTimeout a handshake not done within this closes the connection; positive
 * @param listeners        the listeners that serve TLS; the others stay plaintext
 * @param provider         which TLS implementation does the handshakes and the encryption
 */
public record TlsSettings(Path certChain, Path privateKey, Path clientCa, ClientAuth clientAuth, List<String> protocols,
        Duration handshakeTimeout, Set<Listener> listeners, Provider provider) {

    /** {@code tachyon.tls.protocols}' default: TLS 1.3 and 1.2, nothing older. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** {@code tachyon.tls.handshake-timeout}'s default. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Whether a client must, may or need not present a certificate ({@code tachyon.tls.client-auth}). */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** One is asked for; a client without one is served, one with a certificate not signed by the CA is refused. */
        OPTIONAL,
        /** A client without a certificate signed by the client CA is refused at the handshake. */
        REQUIRE
    }

    /** The TLS implementation ({@code tachyon.tls.provider}); see {@link TlsProvider}. */
    public enum Provider {
        /** OpenSSL (BoringSSL, from netty-tcnative) when its native library loads here, else the JDK's. */
        AUTO,
        /** The JDK's own (SunJSSE): always there, slower per byte and per handshake. */
        JDK,
        /** OpenSSL (BoringSSL); a server asking for it where it does not load fails to start. */
        OPENSSL
    }

    /** The network listeners TLS may be turned on for (stdio never: it is a pipe). */
    public enum Listener {
        TCP, HTTP, ADMIN
    }

    public TlsSettings {
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(provider, "provider");
        protocols = List.copyOf(protocols);
        listeners = listeners.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(listeners));
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw new IllegalArgumentException("client-auth " + clientAuth + " needs a client CA");
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
    }

    /**
     * TLS with {@code certChain} and {@code privateKey} on every listener, no client
     * certificates, the default protocols and handshake timeout, the JDK's provider
     * ({@link #withProvider} for OpenSSL).
     */
    public static TlsSettings of(Path certChain, Path privateKey) {
        return new TlsSettings(certChain, privateKey, null, ClientAuth.NONE, DEFAULT_PROTOCOLS,
                DEFAULT_HANDSHAKE_TIMEOUT, EnumSet.allOf(Listener.class), Provider.JDK);
    }

    /** These settings asking clients for a certificate signed by {@code ca} ({@link ClientAuth#NONE}: ca may be null). */
    public TlsSettings withClientAuth(ClientAuth auth, Path ca) {
        return new TlsSettings(certChain, privateKey, ca, auth, protocols, handshakeTimeout, listeners, provider);
    }

    /** These settings offering only {@code versions}. */
    public TlsSettings withProtocols(List<String> versions) {
        return new TlsSettings(certChain, privateKey, clientCa, clientAuth, versions, handshakeTimeout, listeners, provider);
    }

    /** These settings with another handshake timeout. */
    public TlsSettings withHandshakeTimeout(Duration timeout) {
        return new TlsSettings(certChain, privateKey, clientCa, clientAuth, protocols, timeout, listeners, provider);
    }

    /** These settings on {@code only} those listeners; the others stay plaintext. */
    public TlsSettings withListeners(Set<Listener> only) {
        return new TlsSettings(certChain, privateKey, clientCa, clientAuth, protocols, handshakeTimeout, only, provider);
    }

    /** These settings with the TLS implementation {@code value}. */
    public TlsSettings withProvider(Provider value) {
        return new TlsSettings(certChain, privateKey, clientCa, clientAuth, protocols, handshakeTimeout, listeners, value);
    }

    /** Whether {@code listener} serves TLS. */
    public boolean on(Listener listener) {
        return listeners.contains(listener);
    }
}
