package dev.tachyon.server.auth;

import dev.tachyon.api.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource server's one entry: a request's bearer token to a {@link Principal} or a refusal,
 * without ever blocking the caller (an event loop).
 *
 * <pre>
 *   cached(token)       hash + lookup + exp check, inline: the hot path, once a token is known
 *   verify(token, done) a miss: parse, key lookup (may fetch the JWKS), signature, claims on a
 *                       verification thread (an opaque token: RFC 7662 introspection, when
 *                       configured); done is called there. False (answer 503) when
 *                       maxVerificationsInFlight are already under way.
 * </pre>
 *
 * A validated token is cached until its {@code exp}. Refusals are counted by reason
 * ({@link #refusals()}) and logged at DEBUG, one line each, never with the token.
 */
public final class Authenticator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final AuthSettings settings;
    private final TokenCache cache;
    private final JwtVerifier jwt;
    /** Null unless an introspection endpoint is configured: then opaque tokens are refused. */
    private final Introspection introspection;
    private final ThreadPoolExecutor executor;
    /** Refreshes issuers' JWKS ahead of their expiry, off the request path. */
    private final ExecutorService refresher;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AuthRefusals refusals = new AuthRefusals();
    private final Challenges challenges;

    private Authenticator(AuthSettings settings) {
        this.settings = settings;
        this.cache = new TokenCache(settings.tokenCacheSize(), settings.clockSkew().toSeconds());
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "tachyon-auth-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.refresher = Executors.newSingleThreadExecutor(daemons);
        this.jwt = new JwtVerifier(settings, refresher);
        this.introspection = settings.introspectionEndpoint() == null ? null : new Introspection(settings);
        this.challenges = new Challenges(settings);
        // The queue holds what the in-flight cap lets through, so a submit is never rejected while running.
        this.executor = new ThreadPoolExecutor(settings.verificationThreads(), settings.verificationThreads(),
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.maxVerificationsInFlight()), daemons);
        executor.allowCoreThreadTimeOut(true);
    }

    /** An authenticator for {@code settings}, with its verification threads (started on first use). */
    public static Authenticator start(AuthSettings settings) {
        return new Authenticator(settings);
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Refusals by reason since start. */
    public AuthRefusals refusals() {
        return refusals;
    }

    /** The {@code WWW-Authenticate} values and the protected resource metadata. */
    public Challenges challenges() {
        return challenges;
    }

    /**
     * The token from an {@code Authorization} header value: what follows {@code Bearer }
     * (scheme case-insensitive), or null when the header is absent or not a bearer credential.
     */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** The principal of a token validated before and not expired, or null: then {@link #verify} it. */
    public Principal cached(String token) {
        return cached(token, null);
    }

    /**
     * As {@link #cached(String)}, first asking the connection's {@code last} token (a string
     * comparison) and, on a cache hit, remembering it there; {@code last} may be null.
     */
    public Principal cached(String token, LastToken last) {
        long now = System.currentTimeMillis() / 1000;
        if (last != null) {
            Principal recalled = last.recall(token, now);
            if (recalled != null) {
                return recalled;
            }
        }
        TokenCache.Entry entry = cache.entry(TokenCache.keyOf(token), now);
        if (entry == null) {
            return null;
        }
        if (last != null) {
            last.remember(token, entry.principal(), cache.validUntil(entry));
        }
        return entry.principal();
    }

    /**
     * Verifies {@code token} on a verification thread and calls {@code done} there with the
     * outcome (a refusal already counted); false, without calling {@code done}, when too many
     * verifications are under way (answer 503; counted as {@link AuthFailure#BUSY}).
     */
    public boolean verify(String token, Consumer<AuthOutcome> done) {
        if (inFlight.incrementAndGet() > settings.maxVerificationsInFlight()) {
            inFlight.decrementAndGet();
            refused(AuthFailure.BUSY, "too many token verifications in flight", null);
            return false;
        }
        try {
            executor.execute(() -> {
                AuthOutcome outcome;
                try {
                    outcome = verifyNow(token);
                } finally {
                    inFlight.decrementAndGet();
                }
                done.accept(outcome);
            });
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            refused(AuthFailure.BUSY, "the verification threads are shut down", null);
            return false;
        }
    }

    private AuthOutcome verifyNow(String token) {
        long now = System.currentTimeMillis() / 1000;
        boolean opaque = !JwtVerifier.looksLikeJwt(token);
        if (opaque && introspection == null) {
            return refused(AuthFailure.INVALID, "opaque access tokens are not accepted: send a JWT access token", null);
        }
        long[] expiresAt = new long[1];
        AuthOutcome outcome;
        try {
            outcome = opaque ? introspection.verify(token, now, expiresAt) : jwt.verify(token, now, expiresAt);
        } catch (RuntimeException e) {
            // A library failure on hostile input is a refusal of that token, not a server error.
            outcome = AuthOutcome.refused(AuthFailure.INVALID, "the access token could not be read");
        }
        if (outcome.ok()) {
            cache.put(TokenCache.keyOf(token), outcome.principal(), expiresAt[0], now);
            return outcome;
        }
        refusals.count(outcome.failure());
        LOG.debug("auth refused: {} ({})", outcome.failure().label(), outcome.description());
        return outcome;
    }

    /** Counts and logs a refusal decided outside verification (missing token, scope, query token...). */
    public AuthOutcome refused(AuthFailure failure, String description, Object client) {
        refusals.count(failure);
        if (client == null) {
            LOG.debug("auth refused: {} ({})", failure.label(), description);
        } else {
            LOG.debug("auth refused for {}: {} ({})", client, failure.label(), description);
        }
        return AuthOutcome.refused(failure, description);
    }

    /**
     * The scopes a request needs that {@code principal} lacks, as the whole list the client
     * should ask for (required scopes, then the tool's), or null when it has them all.
     *
     * @param tool the tool a {@code tools/call} names, or null for any other request
     */
    public List<String> missingScopes(Principal principal, String tool) {
        List<String> toolScopes = tool == null ? null : settings.toolScopes().get(tool);
        boolean missing = !principal.scopes().containsAll(settings.requiredScopes())
                || toolScopes != null && !principal.scopes().containsAll(toolScopes);
        if (!missing) {
            return null;
        }
        List<String> needed = new ArrayList<>(settings.requiredScopes());
        if (toolScopes != null) {
            for (String scope : toolScopes) {
                if (!needed.contains(scope)) {
                    needed.add(scope);
                }
            }
        }
        return needed;
    }

    /** Whether any tool needs scopes of its own (else a {@code tools/call}'s tool name need not be read). */
    public boolean hasToolScopes() {
        return !settings.toolScopes().isEmpty();
    }

    int cacheSize() {
        return cache.size();
    }

    /** Stops the verification threads; verifications under way finish. */
    @Override
    public void close() {
        executor.shutdown();
        refresher.shutdown();
    }
}
