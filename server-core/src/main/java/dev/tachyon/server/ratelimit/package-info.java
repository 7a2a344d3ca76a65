/**
 * Per-client rate limits: token buckets keyed by principal (by client address when anonymous)
 * in tables of bounded size. No Netty and no transport here: the engine (tool calls), the
 * connection gate (new connections) and the HTTP endpoint (new sessions) each ask.
 *
 * <p>Starting points: {@link dev.tachyon.server.ratelimit.RateLimits} (what a server limits),
 * {@link dev.tachyon.server.ratelimit.TokenBuckets} (one limit's buckets),
 * {@link dev.tachyon.server.ratelimit.RateLimited} (a refusal, as clients read it).
 */
package dev.tachyon.server.ratelimit;
