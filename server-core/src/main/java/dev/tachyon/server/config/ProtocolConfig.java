package dev.tachyon.server.config;

import java.time.Duration;

/**
 * {@code tachyon.protocol}: MCP behaviour that is a choice rather than a rule of the
 * specification.
 *
 * @param pageSize             items per page of list results, {@code >= 1}
 * @param clientRequestTimeout how long a request the server sends to a client (sampling,
 *                             elicitation, roots) may stay unanswered, positive
 */
public record ProtocolConfig(int pageSize, Duration clientRequestTimeout) {
}
