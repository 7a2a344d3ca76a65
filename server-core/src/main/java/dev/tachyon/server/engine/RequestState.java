package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code requestState} of input-required results (2026-07-28): the handler's state, sealed
 * with an HMAC so that the client, which carries it to the next round, cannot change it, move
 * it to another request or another principal, or keep using it after it expired.
 *
 * <pre>
 *   requestState = base64url(payload) "." base64url(HMAC-SHA256(key, principal || payload))
 *
 *   payload:  0      1               9                           41
 *             +------+---------------+---------------------------+------------------------+
 *             | 0x02 | expiry (i64,  | SHA-256 of the method and | the handler's state,   |
 *             |      | epoch millis) | the request's params      | UTF-8                  |
 *             +------+---------------+---------------------------+------------------------+
 *
 *   principal (MACed, never sent):
 *             +--------+-----------------+-------------+-------------------+---------------+
 *             | source | subject length  | subject,    | client id length  | client id,    |
 *             | (u8)   | (i32, -1: none) | UTF-8       | (i32, -1: none)   | UTF-8         |
 *             +--------+-----------------+-------------+-------------------+---------------+
 * </pre>
 *
 * <p>The principal ({@link Principal}: anonymous, a token's subject and client, a certificate's
 * subject) the request was served as is MACed with the payload but not carried in it: state
 * issued to one principal and presented by another fails the integrity check exactly as
 * tampered state does, so the error tells a client nothing about whose state it holds.
 *
 * <p>The params digest covers everything but {@code _meta}, {@code inputResponses} and
 * {@code requestState} (the members that legitimately change between rounds), as canonical
 * JSON: object members sorted by name, no whitespace. A retry of the same call with other
 * arguments therefore fails verification. State is opened with the current key, then with the
 * previous one, so a key can be rotated without failing the rounds in progress: configure the
 * new key and the old one as previous for at least the state's time to live. Any failure
 * (format, MAC, binding, expiry) is the client's mistake: {@code -32602}.
 *
 * <p>Not a secret store: the payload is signed, not encrypted. Safe for concurrent use.
 */
final class RequestState {

    private static final Logger LOG = LoggerFactory.getLogger(RequestState.class);
    /** 2: the MAC covers the principal (state of version 1, unbound, is refused like any foreign state). */
    private static final byte VERSION = 2;
    private static final int HEADER = 1 + 8 + 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final List<String> UNBOUND = List.of("_meta", "inputResponses", "requestState");

    private final List<ThreadLocal<Mac>> macs;
    private final long ttlMillis;
    private final Clock clock;

    /**
     * @param key the HMAC key, or null to make a random one (state then dies with the process)
     * @param previousKey a key still accepted when opening state, or null
     */
    RequestState(byte[] key, byte[] previousKey, Duration ttl, Clock clock) {
        Supplier<SecretKeySpec> current;
        if (key != null) {
            SecretKeySpec spec = spec(key);
            current = () -> spec;
        } else {
            // Drawn on first use, not here: seeding SecureRandom cost a stdio cold start
            // milliseconds, and most sessions never seal any state.
            current = new RandomKey();
            LOG.warn("no tachyon.protocol.request-state-key configured: using a random key, so the requestState of"
                    + " input-required results will not survive a restart or reach another instance");
        }
        this.macs = previousKey == null ? List.of(mac(current))
                : List.of(mac(current), mac(spec(previousKey)));
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** Seals {@code state} for the next round of {@code method} with {@code params}, served as {@code principal}. */
    String seal(String method, Map<String, Object> params, Principal principal, String state) {
        byte[] text = state.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(HEADER + text.length);
        payload.put(VERSION).putLong(clock.millis() + ttlMillis).put(digest(method, params)).put(text);
        byte[] bytes = payload.array();
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(macOf(macs.get(0), principal, bytes));
    }

    /**
     * The state sealed in {@code sealed}, after checking it was sealed by this server (or one
     * sharing its key) for {@code principal}, for this method and these params, and has not expired.
     *
     * @throws McpException {@code -32602} when any check fails; state sealed for another
     *     principal fails as tampered state does ("its integrity check failed")
     */
    String open(String method, Map<String, Object> params, Principal principal, String sealed) {
        int dot = sealed.indexOf('.');
        byte[] payload;
        byte[] mac;
        try {
            payload = DECODER.decode(sealed.substring(0, Math.max(dot, 0)));
            mac = DECODER.decode(sealed.substring(dot + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid("it is not a requestState this server issued");
        }
        if (dot < 0 || payload.length < HEADER || payload[0] != VERSION || !authentic(principal, payload, mac)) {
            throw invalid("its integrity check failed");
        }
        ByteBuffer fields = ByteBuffer.wrap(payload);
        fields.get();
        long expiry = fields.getLong();
        byte[] boundTo = new byte[32];
        fields.get(boundTo);
        if (!MessageDigest.isEqual(boundTo, digest(method, params))) {
            throw invalid("it was issued for another request");
        }
        if (clock.millis() > expiry) {
            throw invalid("it has expired; start the request again without it");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, HEADER, payload.length - HEADER)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("its integrity check failed"); // unreachable for state we sealed
        }
    }

    private boolean authentic(Principal principal, byte[] payload, byte[] mac) {
        for (ThreadLocal<Mac> key : macs) {
            if (MessageDigest.isEqual(macOf(key, principal, payload), mac)) {
                return true;
            }
        }
        return false;
    }

    /** HMAC of the principal's identity followed by the payload. */
    private static byte[] macOf(ThreadLocal<Mac> key, Principal principal, byte[] payload) {
        Mac mac = key.get();
        mac.update(identity(principal));
        return mac.doFinal(payload);
    }

    /**
     * What tells principals apart ({@link Principal#equals}: source, subject, client id), length
     * prefixed so that no two principals give the same bytes.
     */
    static byte[] identity(Principal principal) {
        byte[] subject = utf8(principal.subject());
        byte[] client = utf8(principal.clientId());
        ByteBuffer bytes = ByteBuffer.allocate(1 + 4 + length(subject) + 4 + length(client));
        bytes.put((byte) principal.source().ordinal());
        put(bytes, subject);
        put(bytes, client);
        return bytes.array();
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(ByteBuffer into, byte[] bytes) {
        into.putInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            into.put(bytes);
        }
    }

    /** SHA-256 of {@code method}, a newline, and the bound params as canonical JSON. */
    static byte[] digest(String method, Map<String, Object> params) {
        TreeMap<String, Object> bound = new TreeMap<>();
        params.forEach((name, value) -> {
            if (!UNBOUND.contains(name)) {
                bound.put(name, canonical(value));
            }
        });
        ByteBuf json = Unpooled.buffer(256);
        try {
            JsonOut.ascii(json, method);
            json.writeByte('\n');
            JsonOut.value(json, bound);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(json.nioBuffer());
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } finally {
            json.release();
        }
    }

    /** The value with every object's members in name order. */
    private static Object canonical(Object value) {
        if (value instanceof Map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            ((Map<?, ?>) value).forEach((name, member) -> sorted.put(String.valueOf(name), canonical(member)));
            return sorted;
        }
        if (value instanceof List) {
            return ((List<?>) value).stream().map(RequestState::canonical).toList();
        }
        return value;
    }

    private static SecretKeySpec spec(byte[] key) {
        return new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    }

    private static ThreadLocal<Mac> mac(SecretKeySpec spec) {
        return mac(() -> spec);
    }

    private static ThreadLocal<Mac> mac(Supplier<SecretKeySpec> spec) {
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec.get());
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
            }
        });
    }

    /** A random 256-bit key, drawn once, by the first thread that needs it. */
    private static final class RandomKey implements Supplier<SecretKeySpec> {
        private SecretKeySpec spec;

        @Override
        public synchronized SecretKeySpec get() {
            if (spec == null) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                spec = new SecretKeySpec(key, ALGORITHM);
            }
            return spec;
        }
    }

    private static McpException invalid(String why) {
        return McpException.invalidParams("Invalid requestState: " + why);
    }
}
