package dev.tachyon.server.connection;

/** {@link MutualTlsTest} on the OpenSSL (BoringSSL) provider: client certificates checked by OpenSSL. */
final class MutualTlsOpenSslTest extends MutualTlsTest {

    @Override
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.OPENSSL; // fails the start, not skips, when OpenSSL does not load
    }
}
