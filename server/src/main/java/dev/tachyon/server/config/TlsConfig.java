package dev.tachyon.server.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code tachyon.tls}, with each listener's {@code tls.enabled}: TLS on the network listeners.
 * Off unless both {@code cert-chain} and {@code private-key} are set ({@link #configured()});
 * then on for every listener whose {@code tls.enabled} is true (the default).
 *
 * @param certChain        PEM certificate chain file; "" for none
 * @param privateKey       PEM PKCS#8 private key file; "" for none
 * @param clientCa         PEM file of the CA(s) client certificates must be signed by; "" for none
 * @param clientAuth       {@code none}, {@code optional} or {@code require}; not {@code none} only with a client CA
 * @param protocols        TLS versions offered, never empty (TLSv1.3, TLSv1.2)
 * @param handshakeTimeout a handshake must end within this, positive
 * @param onTcp            {@code tachyon.tcp.tls.enabled}: TCP serves TLS when it is configured
 * @param onHttp           {@code tachyon.http.tls.enabled}
 * @param onAdmin          {@code tachyon.admin.tls.enabled}
 * @param provider         {@code auto}, {@code jdk} or {@code openssl}: the TLS implementation
 */
public record TlsConfig(String certChain, String privateKey, String clientCa, String clientAuth, List<String> protocols,
        Duration handshakeTimeout, boolean onTcp, boolean onHttp, boolean onAdmin, String provider) {

    /** The values {@code client-auth} takes. */
    public static final List<String> CLIENT_AUTH = List.of("none", "optional", "require");
    /** The values {@code provider} takes. */
    public static final List<String> PROVIDERS = List.of("auto", "jdk", "openssl");
    /** The versions {@code protocols} may name: TLS 1.2 and 1.3 (older ones are broken). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        protocols = List.copyOf(protocols);
    }

    /** Whether a certificate and key are named, which turns TLS on. */
    public boolean configured() {
        return !certChain.isEmpty() && !privateKey.isEmpty();
    }
}
