package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.api.McpException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-session bounds on what a client makes the server keep: resource subscriptions, the
 * length of every URI kept or echoed, and server-to-client requests awaiting an answer; with
 * the counts the metrics read (subscriptions open, refusals by reason).
 *
 * <p>Refusals (documented in README "Limits and overload"):
 * <ul>
 *   <li>a URI longer than {@code max-uri-bytes} (UTF-8) in {@code resources/subscribe},
 *       {@code unsubscribe}, {@code read}, a completion's template reference or a listen filter:
 *       {@code -32602} with {@code data.reason = "max-uri-bytes"} and {@code data.limit}: a URI that
 *       long names nothing this server serves, and it is never kept nor echoed;</li>
 *   <li>one subscription more than {@code max-subscriptions-per-session} (a listen filter with
 *       more URIs than that): {@code -32001} with {@code data.reason = "max-subscriptions-per-session"}
 *       and {@code data.limit}: the session must unsubscribe first (no {@code retryAfterMs}:
 *       waiting alone does not help);</li>
 *   <li>a server-to-client request (sampling, elicitation, roots) beyond
 *       {@code max-pending-client-requests} unanswered: the tool call that asks gets
 *       {@code -32001} with {@code data.reason = "max-pending-client-requests"}, {@code data.limit}
 *       and {@code retryAfterMs}.</li>
 * </ul>
 * Thread-safe: the counts are atomics; each session's collections stay confined to its executor.
 */
public final class SessionLimits {

    /** Why a request was refused, as the metric's {@code reason} label and {@code data.reason} say. */
    public enum Refusal {
        MAX_URI_BYTES("max-uri-bytes"),
        MAX_SUBSCRIPTIONS("max-subscriptions-per-session"),
        MAX_PENDING_CLIENT_REQUESTS("max-pending-client-requests");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        /** The {@code reason} label and {@code data.reason} value. */
        public String label() {
            return label;
        }
    }

    private static final Refusal[] REFUSALS = Refusal.values();

    private final int maxSubscriptions;
    private final int maxUriBytes;
    private final int maxPendingClientRequests;
    private final AtomicInteger subscriptionsOpen = new AtomicInteger();
    private final LongAdder[] refused = new LongAdder[REFUSALS.length];

    SessionLimits(int maxSubscriptions, int maxUriBytes, int maxPendingClientRequests) {
        this.maxSubscriptions = maxSubscriptions;
        this.maxUriBytes = maxUriBytes;
        this.maxPendingClientRequests = maxPendingClientRequests;
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /** Subscriptions open now, over every session ({@code resources/subscribe}). */
    public int subscriptionsOpen() {
        return subscriptionsOpen.get();
    }

    /** Requests refused for {@code reason} since start. */
    public long refused(Refusal reason) {
        return refused[reason.ordinal()].sum();
    }

    /**
     * Checks a URI the server is about to keep or echo.
     *
     * @throws McpException {@code -32602}, reason {@code max-uri-bytes}, when it is too long
     */
    void checkUri(String uri) {
        if (uri.length() > maxUriBytes / 3 && utf8Length(uri) > maxUriBytes) { // 3 bytes a char at most for UTF-16 units
            throw refuse(Refusal.MAX_URI_BYTES, ErrorCodes.INVALID_PARAMS, "The URI is longer than this server accepts");
        }
    }

    /**
     * Admits a listen stream of {@code session} naming {@code uris}: each URI as {@link #checkUri},
     * and the stream's slots ({@link #listenSlots}) with the session's other streams and
     * subscriptions against the subscription bound, so that neither many streams nor long
     * filters make the session keep more than its share.
     *
     * @return the slots the stream takes, to give back when it ends
     */
    int checkListen(McpSession session, Collection<String> uris) {
        int slots = listenSlots(uris);
        if (session.subscriptionCount() + session.listenSlots + slots > maxSubscriptions) {
            throw refuse(Refusal.MAX_SUBSCRIPTIONS, ErrorCodes.OVERLOADED,
                    "Too many resource subscriptions and listen streams for one session");
        }
        for (String uri : uris) {
            checkUri(uri);
        }
        return slots;
    }

    /** A listen stream's share of the subscription bound: the URIs it names, at least one. */
    static int listenSlots(Collection<String> uris) {
        return Math.max(1, uris.size());
    }

    /**
     * Admits one more subscription of {@code session} (on its executor).
     *
     * @throws McpException {@code -32001}, reason {@code max-subscriptions-per-session}, at the bound
     */
    void checkSubscription(McpSession session) {
        if (session.subscriptionCount() + session.listenSlots >= maxSubscriptions) {
            throw refuse(Refusal.MAX_SUBSCRIPTIONS, ErrorCodes.OVERLOADED,
                    "Too many resource subscriptions for one session: unsubscribe first");
        }
    }

    void subscribed() {
        subscriptionsOpen.incrementAndGet();
    }

    void unsubscribed(int count) {
        subscriptionsOpen.addAndGet(-count);
    }

    /**
     * Whether {@code session} may send one more request to its client (on its executor); counts
     * the refusal when not.
     */
    boolean admitClientRequest(McpSession session) {
        if (session.pendingClientRequestCount() < maxPendingClientRequests) {
            return true;
        }
        refused[Refusal.MAX_PENDING_CLIENT_REQUESTS.ordinal()].increment();
        return false;
    }

    /** The error of a refused server-to-client request: the tool call that asked for it gets it. */
    McpException pendingClientRequestsRefusal() {
        return new McpException(ErrorCodes.OVERLOADED,
                "Too many requests to the client unanswered on this session (sampling, elicitation, roots)",
                Map.of("reason", Refusal.MAX_PENDING_CLIENT_REQUESTS.label(), "limit", maxPendingClientRequests,
                        "retryAfterMs", 1000));
    }

    private McpException refuse(Refusal reason, int code, String message) {
        refused[reason.ordinal()].increment();
        int limit = reason == Refusal.MAX_URI_BYTES ? maxUriBytes : maxSubscriptions;
        return new McpException(code, message, Map.of("reason", reason.label(), "limit", limit));
    }

    /** The UTF-8 length of {@code s} (unpaired surrogates count as the 3 bytes of their replacement). */
    static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
