package dev.tachyon.server.connection;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation a server runs ({@code tachyon.tls.provider}): OpenSSL (BoringSSL from
 * the optional {@code netty-tcnative-boringssl-static} jar) when asked for or, with
 * {@link TlsSettings.Provider#AUTO}, when its native library loads on this machine; the JDK's
 * otherwise. OpenSSL does the same TLS (PKCS#8 keys, mutual TLS, ALPN, reloads) for less CPU
 * per handshake and per byte, which is what a TLS listener spends most of its time on.
 *
 * <p>Netty's {@link OpenSsl} probes the native library once per JVM, so these calls are cheap
 * after the first.
 */
public final class TlsProvider {

    private TlsProvider() {
    }

    /**
     * The implementation {@code wanted} resolves to here.
     *
     * @throws IllegalStateException when {@code wanted} is OPENSSL and the native library does not
     *                               load, saying why and what to do instead
     */
    public static SslProvider resolve(TlsSettings.Provider wanted) {
        switch (wanted) {
            case JDK:
                return SslProvider.JDK;
            case OPENSSL:
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tachyon.tls.provider = openssl, but OpenSSL is not available here ("
                            + unavailability() + "); put netty-tcnative-boringssl-static for this platform on the"
                            + " class path, or set tachyon.tls.provider = auto or jdk");
                }
                return SslProvider.OPENSSL;
            default:
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        }
    }

    /**
     * What {@code wanted} runs, for a log line or {@code config check}: e.g. {@code OpenSSL
     * (BoringSSL)} or {@code JDK (OpenSSL is not available: ...)} for AUTO without the library.
     *
     * @throws IllegalStateException as {@link #resolve}
     */
    public static String describe(TlsSettings.Provider wanted) {
        SslProvider provider = resolve(wanted);
        if (provider == SslProvider.OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        return wanted == TlsSettings.Provider.AUTO
                ? "JDK (OpenSSL is not available: " + unavailability() + ")"
                : "JDK";
    }

    private static String unavailability() {
        Throwable cause = OpenSsl.unavailabilityCause();
        if (cause == null) {
            return "no reason given";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
