package dev.tachyon.server.connection;

/** {@link TlsTest} on the OpenSSL (BoringSSL) provider: the same clients, protocols, ALPN and reloads. */
final class TlsOpenSslTest extends TlsTest {

    @Override
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.OPENSSL; // fails the start, not skips, when OpenSSL does not load
    }
}
