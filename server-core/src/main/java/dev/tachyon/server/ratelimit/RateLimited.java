package dev.tachyon.server.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal by a per-client rate limit: which limit ({@link Kind}), the rate that refused, and
 * when a token will be there again.
 *
 * @param kind what was limited
 * @param tool the tool whose own rate refused a call; null for every other refusal
 * @param limit the rate that refused it
 * @param retryAfterNanos how long until the client's bucket holds a token again, positive
 */
public record RateLimited(Kind kind, String tool, RateLimit limit, long retryAfterNanos) {

    /** What a rate limit counts; {@link #reason()} is the {@code data.reason} clients and metrics see. */
    public enum Kind {
        /** {@code tools/call} requests of one client. */
        TOOL_CALLS("rate-limited-tool-calls"),
        /** New connections from one client address, at accept. */
        CONNECTIONS("rate-limited-connections"),
        /** New Streamable HTTP sessions ({@code initialize}) of one client. */
        SESSIONS("rate-limited-sessions");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The {@code data.reason} of the refusal, and the {@code kind} tag of its metric. */
        public String reason() {
            return reason;
        }
    }

    /** Milliseconds until a token, rounded up (a client retrying at once after it is served). */
    public long retryAfterMs() {
        return (retryAfterNanos + 999_999) / 1_000_000;
    }

    /** Whole seconds until a token, rounded up, at least 1: the HTTP {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The error message clients read. */
    public String message() {
        switch (kind) {
            case TOOL_CALLS:
                return tool == null ? "Too many tool calls: rate limit reached" : "Too many calls of this tool: rate limit reached";
            case CONNECTIONS:
                return "Too many new connections from this address: rate limit reached";
            default:
                return "Too many new sessions: rate limit reached";
        }
    }

    /**
     * The error's {@code data}: {@code reason}, {@code limit} (tokens per second), {@code burst},
     * {@code retryAfterMs}, and {@code tool} for a tool's own rate.
     */
    public Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>(8);
        data.put("reason", kind.reason());
        if (tool != null) {
            data.put("tool", tool);
        }
        double perSecond = limit.perSecond();
        data.put("limit", perSecond == Math.rint(perSecond) ? (Object) (long) perSecond : (Object) perSecond);
        data.put("burst", limit.burst());
        data.put("retryAfterMs", retryAfterMs());
        return data;
    }
}
