package dev.tachyon.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cors.CorsConfig;
import io.netty.handler.codec.http.cors.CorsConfigBuilder;
import io.netty.handler.codec.http.cors.CorsHandler;

/**
 * CORS for MCP clients that run in a browser (an inspector page on {@code localhost:6274}
 * talking to {@code localhost:7801}), with Netty's {@link CorsHandler}, which the connection
 * {@link #install installs} when its first request with an {@code Origin} arrives.
 *
 * <p>Preflights ({@code OPTIONS} with {@code Access-Control-Request-Method}) are answered for
 * the endpoint's methods and any request header (the {@code Mcp-Param-*} names are the tool's to
 * choose; {@code Authorization} is listed by name because the wildcard does not cover it), and
 * browsers may read {@code Mcp-Session-Id}, {@code MCP-Protocol-Version} and
 * {@code WWW-Authenticate} (the OAuth challenge) from responses.
 * Which origins may talk to the server is not decided here: every real request still passes
 * the {@code Host}/{@code Origin} allow-list, and one from any other origin is answered 403.
 * No credentials are involved, so the allowed origin is {@code *}.
 *
 * <p>Preflight answers carry no {@code Date}: Netty's default one comes out quoted (its preflight
 * response folds header values as a comma-separated list, and an HTTP-date has a comma), which is
 * not an HTTP-date; no other response of the endpoint carries one either.
 */
final class BrowserAccess {

    private static final CorsConfig CONFIG = CorsConfigBuilder.forAnyOrigin()
            .allowedRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
            .allowedRequestHeaders("*", "authorization", "content-type", "accept", "mcp-session-id",
                    "mcp-protocol-version", "last-event-id")
            // WWW-Authenticate: a browser client finds the resource metadata through the 401's challenge.
            .exposeHeaders(HttpResponder.SESSION_ID, RequestRules.PROTOCOL_VERSION, "WWW-Authenticate")
            .maxAge(86_400)
            .noPreflightResponseHeaders()
            .build();

    private BrowserAccess() {
    }

    /**
     * Installs the CORS handler just before {@code connection}'s handler, which has just read
     * {@code request}, the connection's first with an {@code Origin}, and reads it through the
     * new handler: a preflight is answered there, anything else comes back to {@code connection}.
     * From then on every request of the connection goes through it, as if it had always been
     * there. A request without {@code Origin} is not the CORS handler's business (no preflight,
     * no headers to add to its answer), so a connection that never sends one (every client
     * but a browser) does not take its read and write hops: ~90 ns per POST, about 4% of one
     * (the HTTP eighth pass's ablation in {@code benchmarks/RESULTS.md}).
     */
    static void install(ChannelHandlerContext connection, HttpRequest request) throws Exception {
        CorsHandler handler = new CorsHandler(CONFIG); // one per connection: it remembers the request it answers
        ChannelPipeline pipeline = connection.pipeline();
        pipeline.addBefore(connection.name(), "cors", handler);
        handler.channelRead(pipeline.context(handler), request);
    }
}
