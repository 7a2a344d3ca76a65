/**
 * Streamable HTTP as an OAuth 2.1 resource server (MCP authorization; RFC 9728, 6750, 9068,
 * 8414, 7662): from a bearer token to a {@link dev.tachyon.api.Principal} or a refusal. Knows
 * no transport and no Netty; {@code http.AuthGate} puts it in front of the MCP endpoint.
 *
 * <h2>Starting points</h2>
 * <table>
 *   <caption>The package's classes by what they do</caption>
 *   <tr><th>concern</th><th>classes</th></tr>
 *   <tr><td>configuration</td><td>{@link dev.tachyon.server.auth.AuthSettings} ({@code tachyon.auth},
 *       checked when built: no http issuer off loopback, no {@code none} or HMAC)</td></tr>
 *   <tr><td>the one entry</td><td>{@link dev.tachyon.server.auth.Authenticator} (the cache inline, a
 *       miss on its verification threads, the in-flight cap, the scope checks, refusals counted and
 *       logged)</td></tr>
 *   <tr><td>validation</td><td>{@code JwtVerifier} (nimbus: algorithm allow-list, issuer, key by
 *       kid, signature, claims), {@code IssuerKeys} (metadata discovery, JWKS cached, refreshed ahead,
 *       rate-limited), {@code Introspection} (opaque tokens, RFC 7662), {@code TokenCache} (validated
 *       tokens by SHA-256 until exp)</td></tr>
 *   <tr><td>what clients see</td><td>{@link dev.tachyon.server.auth.Challenges} (the metadata document
 *       and the {@code WWW-Authenticate} values), {@link dev.tachyon.server.auth.AuthFailure} (each
 *       refusal's status, error and metric label), {@link dev.tachyon.server.auth.AuthOutcome},
 *       {@link dev.tachyon.server.auth.AuthRefusals}</td></tr>
 * </table>
 */
package dev.tachyon.server.auth;
