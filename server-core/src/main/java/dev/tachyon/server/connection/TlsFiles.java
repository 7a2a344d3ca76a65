package dev.tachyon.server.connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the files {@link TlsSettings} names before any handshake depends on them: each exists
 * and is readable, holds PEM of the right kind (certificates; an unencrypted PKCS#8 key), and
 * the key belongs to the first certificate of the chain (a signature made with the key verifies
 * with the certificate's public key). Used by {@code tachyon config check}, at start and before
 * each reload, so that a half-renewed pair (new certificate, old key) is never put in use.
 */
public final class TlsFiles {

    /** Which of the files a problem is about. */
    public enum Role {
        CERT_CHAIN, PRIVATE_KEY, CLIENT_CA
    }

    /** One thing wrong with one file: {@code message} names the file and says what is wrong. */
    public record Problem(Role role, String message) {
    }

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448"};

    private TlsFiles() {
    }

    /** Every problem with the files of {@code settings}; empty when they are fit to serve. */
    public static List<Problem> check(TlsSettings settings) {
        return check(settings.certChain(), settings.privateKey(), settings.clientCa());
    }

    /** As {@link #check(TlsSettings)}, with the files named one by one ({@code clientCa} may be null). */
    public static List<Problem> check(Path certChain, Path privateKey, Path clientCa) {
        List<Problem> problems = new ArrayList<>();
        List<X509Certificate> chain = certificates(certChain, Role.CERT_CHAIN, problems);
        PrivateKey key = privateKey(privateKey, problems);
        if (!chain.isEmpty() && key != null && !matches(key, chain.get(0))) {
            problems.add(new Problem(Role.PRIVATE_KEY, privateKey + ": this key does not belong to the first certificate of "
                    + certChain + " (" + chain.get(0).getSubjectX500Principal().getName() + ")"));
        }
        if (clientCa != null) {
            certificates(clientCa, Role.CLIENT_CA, problems);
        }
        return problems;
    }

    private static List<X509Certificate> certificates(Path file, Role role, List<Problem> problems) {
        String text = read(file, role, problems);
        if (text == null) {
            return List.of();
        }
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            problems.add(new Problem(role, file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it"));
            return List.of();
        }
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : parsed) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException e) {
            problems.add(new Problem(role, file + ": not a readable PEM certificate: " + e.getMessage()));
            return List.of();
        }
    }

    private static PrivateKey privateKey(Path file, List<Problem> problems) {
        String text = read(file, Role.PRIVATE_KEY, problems);
        if (text == null) {
            return null;
        }
        Matcher pem = PKCS8.matcher(text);
        if (!pem.find()) {
            String why = text.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
                    : text.contains("RSA PRIVATE KEY") || text.contains("EC PRIVATE KEY") ? "not PKCS#8"
                    : "no PEM private key";
            problems.add(new Problem(Role.PRIVATE_KEY, file + ": " + why
                    + "; an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----) is needed:"
                    + " openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file));
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(1));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(Role.PRIVATE_KEY, file + ": the PEM key is not valid base64"));
            return null;
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        problems.add(new Problem(Role.PRIVATE_KEY, file + ": not a readable PKCS#8 private key (RSA, EC or EdDSA)"));
        return null;
    }

    /** Whether a signature by {@code key} verifies with {@code certificate}'s public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA"
                : key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                : key.getAlgorithm(); // Ed25519, Ed448
        byte[] probe = "tachyon tls key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, Role role, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(role, file + ": no such file"));
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            problems.add(new Problem(role, file + ": cannot be read: " + e.getMessage()));
            return null;
        }
    }
}
