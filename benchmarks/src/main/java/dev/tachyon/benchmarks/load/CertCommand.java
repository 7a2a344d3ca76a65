package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code tachyon-bench cert --out DIR}: a throwaway self-signed certificate for benchmarks, so no
 * key is ever committed: {@code DIR/cert.pem} (for {@code tachyon.tls.cert-chain}, and for the
 * generator's {@code --ca}) and {@code DIR/key.pem} (unencrypted PKCS#8, readable by its owner
 * only), valid for {@code 127.0.0.1}, {@code ::1} and {@code localhost} for 30 days. EC P-256 by
 * default (what most TLS sites now serve first); {@code --key-type rsa} for RSA 2048.
 */
final class CertCommand {

    static final String USAGE = "usage: tachyon-bench cert --out DIR [--key-type ec|rsa] [--name CN]";

    private CertCommand() {
    }

    static int run(String[] args, PrintStream out) throws IOException, GeneralSecurityException {
        Flags flags = new Flags(args, Set.of());
        Path dir = Path.of(flags.required("out"));
        String type = flags.string("key-type", "ec");
        String name = flags.string("name", "tachyon-bench");
        flags.finish();
        if (!type.equals("ec") && !type.equals("rsa")) {
            throw new IllegalArgumentException("--key-type must be ec or rsa, got " + type);
        }
        KeyPair keys = keyPair(type);
        X509Certificate certificate = selfSigned(name, keys, type.equals("ec") ? "SHA256withECDSA" : "SHA256withRSA");
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        out.println("tachyon-bench cert: " + cert + " and " + key + " (" + (type.equals("ec") ? "EC P-256" : "RSA 2048")
                + ", CN=" + name + ", 127.0.0.1 ::1 localhost, 30 days)");
        return 0;
    }

    private static KeyPair keyPair(String type) throws GeneralSecurityException {
        if (type.equals("ec")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(String name, KeyPair keys, String algorithm)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), subject, keys.getPublic());
        try {
            // CA:true, as `openssl req -x509` makes it: the certificate is its own trust anchor (--ca).
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
