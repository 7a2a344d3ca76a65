package dev.tachyon.server.http;

import dev.tachyon.server.connection.ConnectionLimit;
import dev.tachyon.server.connection.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A refused HTTP connection reads one whole response, written before any request is read (the
 * gate sits ahead of the HTTP codec, so the bytes go to the socket as they are):
 * <pre>
 * HTTP/1.1 503 Service Unavailable
 * Content-Type: application/json
 * Retry-After: 1
 * Connection: close
 * Content-Length: N
 *
 * {"jsonrpc":"2.0","id":null,"error":{"code":-32001,...}}      (Refusal.error)
 * </pre>
 */
public final class HttpRefusal implements Refusal {

    /** The one instance (it holds nothing). */
    public static final HttpRefusal INSTANCE = new HttpRefusal();

    private HttpRefusal() {
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, ConnectionLimit.Reason reason, int limit) {
        ByteBuf body = alloc.buffer(160);
        try {
            Refusal.error(body, reason, limit);
            String head = "HTTP/1.1 503 Service Unavailable\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Retry-After: " + Math.max(1, Refusal.RETRY_AFTER_MS / 1000) + "\r\n"
                    + "Connection: close\r\n"
                    + "Content-Length: " + body.readableBytes() + "\r\n\r\n";
            ByteBuf out = alloc.buffer(head.length() + body.readableBytes());
            out.writeCharSequence(head, StandardCharsets.US_ASCII);
            out.writeBytes(body);
            return out;
        } finally {
            body.release();
        }
    }
}
