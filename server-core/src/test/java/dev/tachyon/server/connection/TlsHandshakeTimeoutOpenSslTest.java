package dev.tachyon.server.connection;

/** {@link TlsHandshakeTimeoutTest} on the OpenSSL (BoringSSL) provider. */
final class TlsHandshakeTimeoutOpenSslTest extends TlsHandshakeTimeoutTest {

    @Override
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.OPENSSL; // fails the start, not skips, when OpenSSL does not load
    }
}
