package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.protocol}: MCP behaviour that is a choice rather than a rule of the
 * specification.
 *
 * @param pageSize             items per page of list results, {@code >= 1}
 * @param clientRequestTimeout how long a request the server sends to a client (sampling,
 *                             elicitation, roots) may stay unanswered, positive
 * @param requestStateKey      the HMAC key sealing the {@code requestState} of input-required
 *                             results (2026-07-28), at least 32 characters; empty for a random
 *                             key per process
 * @param requestStatePreviousKey a key still accepted when opening state, during a rotation; empty for none
 * @param requestStateTtl      how long a {@code requestState} stays valid, positive
 */
public record ProtocolConfig(int pageSize, Duration clientRequestTimeout, String requestStateKey,
                             String requestStatePreviousKey, Duration requestStateTtl) {

    /** The shortest request-state key accepted (256 bits of ASCII at best, as HMAC-SHA256 wants). */
    public static final int MIN_KEY_LENGTH = 32;

    /** Keeps the keys out of logs and error messages. */
    @Override
    public String toString() {
        return "ProtocolConfig[pageSize=" + pageSize + ", clientRequestTimeout=" + clientRequestTimeout
                + ", requestStateKey=<redacted>, requestStatePreviousKey=<redacted>, requestStateTtl=" + requestStateTtl
                + "]";
    }
}
