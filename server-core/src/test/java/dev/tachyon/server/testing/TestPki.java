package dev.tachyon.server.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test, never committed: a CA, and leaf certificates it signs for the
 * server ({@code 127.0.0.1}, {@code localhost}) and for clients, with EC P-256 keys, written as
 * PEM files (keys as unencrypted PKCS#8) for the server and for curl and openssl; and JDK
 * {@link SSLContext}s for clients.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(String name) throws GeneralSecurityException {
        this.name = name;
        this.caKeys = keyPair();
        X500Name subject = new X500Name("CN=" + name + " test CA");
        this.ca = sign(subject, subject, caKeys.getPublic(), caKeys, true, false);
    }

    /** A new CA called {@code name}. */
    public static TestPki ca(String name) {
        try {
            return new TestPki(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA's certificate. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** Writes the CA certificate to {@code file} (PEM) and returns it. */
    public Path writeCa(Path file) throws IOException {
        Files.writeString(file, pem("CERTIFICATE", encoded(ca)));
        return file;
    }

    /** A leaf certificate signed by this CA, with its key. */
    public Leaf leaf(String commonName, boolean server) {
        try {
            KeyPair keys = keyPair();
            X509Certificate certificate = sign(new X500Name("CN=" + name + " test CA"), new X500Name("CN=" + commonName),
                    keys.getPublic(), caKeys, false, server);
            return new Leaf(certificate, keys, ca);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its private key. */
    public static final class Leaf {
        private final X509Certificate certificate;
        private final KeyPair keys;
        private final X509Certificate issuer;

        Leaf(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {
            this.certificate = certificate;
            this.keys = keys;
            this.issuer = issuer;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /**
         * Writes the chain (this certificate) and the PKCS#8 key, replacing what the files held,
         * with a modification time {@code ageSeconds} ahead of now so that a watcher comparing
         * times sees the change even on a coarse file system clock.
         */
        public void write(Path chain, Path key, long ageSeconds) throws IOException {
            Files.writeString(chain, pem("CERTIFICATE", encoded(certificate)));
            Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            FileTime time = FileTime.from(Instant.now().plusSeconds(ageSeconds));
            Files.setLastModifiedTime(chain, time);
            Files.setLastModifiedTime(key, time);
        }

        /** A client context presenting this certificate and trusting {@code trusted}. */
        public SSLContext clientContext(X509Certificate trusted) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("me", keys.getPrivate(), new char[0],
                        new java.security.cert.Certificate[] {certificate, issuer});
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(store, new char[0]);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trustManagers(trusted), new SecureRandom());
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A client context without a certificate of its own, trusting {@code trusted}. */
    public static SSLContext clientContextTrusting(X509Certificate trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(trusted), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(X509Certificate trusted)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, java.security.PublicKey key, KeyPair signer,
            boolean isCa, boolean server) throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), subject, key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
