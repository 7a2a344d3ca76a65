package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections the server closed because a per-connection limit tripped, by limit; the
 * {@code tachyon_connections_closed_total{reason}} metric. One per server. Thread-safe.
 */
public final class ConnectionCloses {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCloses.class);

    /**
     * The limit that closed a connection; {@link #label()} is its config key under
     * {@code tachyon.limits}, {@code tachyon.http} or {@code tachyon.tls} ({@code malformed-request}: no key, HTTP framing;
     * {@code tls-handshake}: every failed handshake).
     */
    public enum Reason {
        /** A line longer than {@code limits.max-frame-bytes}: one error line, then the close. */
        MAX_FRAME_BYTES("max-frame-bytes"),
        /** No traffic and nothing in flight for {@code limits.idle-timeout}. */
        IDLE_TIMEOUT("idle-timeout"),
        /** The client did not read its answers for {@code limits.write-stall-timeout}. */
        WRITE_STALL_TIMEOUT("write-stall-timeout"),
        /** Unsent output past twice {@code limits.max-connection-memory} (counted by {@link ConnectionBudgets}). */
        MAX_CONNECTION_MEMORY("max-connection-memory"),
        /** HTTP: a request's line and headers not received within {@code http.header-timeout} (also a new connection's first request). */
        HEADER_TIMEOUT("header-timeout"),
        /** HTTP: a request's body not received within {@code http.body-timeout} of its headers. */
        BODY_TIMEOUT("body-timeout"),
        /** HTTP: request headers over {@code http.max-header-bytes}; answered 431, then closed. */
        MAX_HEADER_BYTES("max-header-bytes"),
        /** HTTP: a request whose framing cannot be trusted (see {@code RequestFraming}); answered 4xx/5xx, then closed. */
        MALFORMED_REQUEST("malformed-request"),
        /** TLS: the handshake failed or timed out ({@code tls.handshake-timeout}): a plaintext client, no or a wrong client certificate. */
        TLS_HANDSHAKE("tls-handshake"),
        /**
         * A listener with {@code tcp.proxy-protocol} or {@code http.proxy-protocol}: the connection
         * did not start with a valid PROXY protocol v1/v2 header; closed without an answer.
         */
        PROXY_PROTOCOL("proxy-protocol"),
        /** Such a listener: the PROXY protocol header not received within {@code limits.proxy-header-timeout} of the accept. */
        PROXY_HEADER_TIMEOUT("proxy-header-timeout");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final LongAdder[] closes = new LongAdder[Reason.values().length];

    public ConnectionCloses() {
        for (Reason reason : Reason.values()) {
            closes[reason.ordinal()] = new LongAdder();
        }
    }

    /** Counts one connection closed for {@code reason}. */
    public void closed(Reason reason) {
        closes[reason.ordinal()].increment();
    }

    /** Closes the connection of {@code ctx} for {@code reason}, counting it. The client gets nothing more. */
    void close(ChannelHandlerContext ctx, Reason reason) {
        LOG.debug("closing {} (client {}): {}", ctx.channel(), ClientAddress.of(ctx.channel()), reason.label());
        closed(reason);
        ctx.close();
    }

    /** Connections closed for {@code reason} since start. */
    public long count(Reason reason) {
        return closes[reason.ordinal()].sum();
    }
}
