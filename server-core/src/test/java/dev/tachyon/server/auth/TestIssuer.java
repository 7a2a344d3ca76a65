package dev.tachyon.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An authorization server of our own on loopback for what mock-oauth2-server cannot do: rotate its
 * signing key on demand. Serves RFC 8414 metadata at its root and its JWKS (the current key
 * only), counts JWKS fetches, and signs tokens with nimbus. Keys are generated here, never stored.
 */
final class TestIssuer implements AutoCloseable {

    private final HttpServer http;
    private final AtomicReference<RSAKey> key = new AtomicReference<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    /** How long each JWKS fetch is held before its answer: a slow issuer. */
    volatile long jwksDelayMillis;
    /** RFC 7662 answers by opaque token; anything else is inactive. */
    private final Map<String, String> introspection = new ConcurrentHashMap<>();
    static final String INTROSPECTION_CLIENT = "mcp-server";
    static final String INTROSPECTION_SECRET = "s3cret:with/odd chars";

    TestIssuer() throws IOException, JOSEException {
        key.set(newKey("k1"));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/.well-known/oauth-authorization-server", ex -> reply(ex,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
        http.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            try {
                Thread.sleep(jwksDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, new JWKSet(key.get().toPublicJWK()).toString());
        });
        http.createContext("/introspect", this::introspect);
        http.start();
    }

    static RSAKey newKey(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    String issuer() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    RSAKey key() {
        return key.get();
    }

    /** Replaces the signing key: the JWKS serves only the new one from now on. */
    RSAKey rotate(String kid) throws JOSEException {
        RSAKey next = newKey(kid);
        key.set(next);
        return next;
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    /** A token for {@code audience} signed with {@code signer}, claims as {@code edit} leaves them. */
    String token(RSAKey signer, String subject, String audience, String scope, Consumer<JWTClaimsSet.Builder> edit)
            throws JOSEException {
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(audience)
                .claim("scope", scope).claim("client_id", "test-client").issueTime(new Date(now))
                .expirationTime(new Date(now + 600_000));
        edit.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    /** Answers {@code json} (an RFC 7662 answer) when {@code token} is introspected. */
    void introspects(String token, String json) {
        introspection.put(token, json);
    }

    private void introspect(HttpExchange ex) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(INTROSPECTION_CLIENT,
                StandardCharsets.UTF_8) + ":" + URLEncoder.encode(INTROSPECTION_SECRET, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(ex.getRequestMethod()) || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = "";
        for (String pair : form.split("&")) {
            if (pair.startsWith("token=")) {
                token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        reply(ex, introspection.getOrDefault(token, "{\"active\":false}"));
    }

    private static void reply(HttpExchange ex, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
