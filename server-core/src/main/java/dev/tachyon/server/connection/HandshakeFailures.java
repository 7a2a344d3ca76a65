package dev.tachyon.server.connection;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a listener reports failed TLS handshakes: one DEBUG line per connection (who, why), and
 * at most one WARN line a minute with the count since the last one, so that a scanner or a
 * plaintext client hammering a TLS port cannot flood the log. Never a stack trace. Thread-safe.
 */
final class HandshakeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailures.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String listener;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextWarn = new AtomicLong(System.nanoTime());

    HandshakeFailures(String listener) {
        this.listener = listener;
    }

    void failed(SocketAddress client, Throwable cause) {
        String why = describe(cause);
        LOG.debug("{}: TLS handshake with {} failed, connection closed: {}", listener, client, why);
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long due = nextWarn.get();
        if (now - due >= 0 && nextWarn.compareAndSet(due, now + WARN_EVERY_NANOS)) {
            LOG.warn("{}: {} TLS handshake(s) failed and were closed (the last from {}: {}); one line a minute,"
                    + " each connection at DEBUG", listener, unreported.getAndSet(0), client, why);
        }
    }

    /** The cause in words: the client's mistakes are named plainly. */
    static String describe(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.netty.handler.ssl.NotSslRecordException) {
                // Netty's own message carries a hex dump of the bytes: long, and the client's data.
                String detail = c.getMessage();
                return "not TLS (" + (detail != null && detail.startsWith("first byte") ? detail + "; " : "")
                        + "a plaintext client on a TLS port?)";
            }
        }
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            return "the client closed the connection before the handshake ended";
        }
        if (cause instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
            return "handshake timed out";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
