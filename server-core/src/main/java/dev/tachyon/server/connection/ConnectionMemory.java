package dev.tachyon.server.connection;

import dev.tachyon.bufferpool.NettyInternals;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import java.util.Map;

/**
 * One connection's memory budget: the bytes it holds in buffered input (the partial line the
 * frame decoder keeps) plus output written and not yet taken by the socket.
 *
 * <ul>
 *   <li>Answers are always written ({@link #written}): a request once accepted gets its answer.
 *       They are charged; what the socket has taken is given
 *       back lazily, by comparing with Netty's count of unsent bytes.</li>
 *   <li>A request that arrives while the connection is at its budget is refused
 *       ({@link #refusal}): error -32001, reason {@code connection-memory}.</li>
 *   <li>When unsent output passes twice the budget (reads are long paused by then: the client
 *       is not reading, and answers of earlier requests keep coming) the connection is closed.</li>
 * </ul>
 *
 * <p>Confined to the connection's event loop. The hot path pays an addition per answer and a
 * read of the unsent count per request; the envelope is the one the transport scanned.
 */
public final class ConnectionMemory {

    /** The error's {@code data.reason}. */
    public static final String REASON = "connection-memory";
    private static final long RETRY_AFTER_MS = 100;

    private final ConnectionBudgets budgets;
    /**
     * Output bytes charged (answers not yet known to be sent). A field rather than a
     * {@link dev.tachyon.bufferpool.MemoryBudget} of its own: the limit is the server's one, and the object cost 32 B
     * per connection.
     */
    private long output;
    /**
     * Set once this budget has closed the connection, so it closes and counts it once. The
     * channel's own state cannot tell: a close need not complete at once (on Netty's io_uring
     * transport, tried and not shipped, it waits for the cancelled write's completion), and the
     * channel stays active, with answers still written to it, until it does.
     */
    private boolean closed;

    ConnectionMemory(ConnectionBudgets budgets) {
        this.budgets = budgets;
    }

    /**
     * Counts an answer of {@code bytes} just written; closes the connection when its unsent
     * output has passed twice the budget.
     */
    public void written(ChannelHandlerContext ctx, int bytes) {
        output += bytes;
        long limit = budgets.limit();
        if (output > 2 * limit && !closed && settle(ctx) > 2 * limit && ctx.channel().isActive()) {
            closed = true;
            budgets.closed();
            ctx.close();
        }
    }

    /**
     * The error answer (without framing) for {@code frame} when the connection is at its budget
     * and the frame is a request; null when the frame may go to the engine: within budget, or a
     * notification or response (a cancellation frees memory, it must get through), or a line
     * that is not valid JSON-RPC (the engine answers that itself).
     *
     * @param envelope what the scan of {@code frame} found, or null when it was no valid JSON-RPC
     * @param partialInput bytes of input buffered besides {@code frame}
     */
    public ByteBuf refusal(ChannelHandlerContext ctx, ByteBuf frame, JsonRpcEnvelope envelope, int partialInput) {
        if (fits(partialInput) || (settle(ctx) >= 0 && fits(partialInput))) {
            return null;
        }
        if (envelope == null || envelope.kind() != JsonRpcEnvelope.REQUEST) {
            return null;
        }
        byte[] id = ByteBufUtil.getBytes(frame, envelope.idStart(), envelope.idEnd() - envelope.idStart());
        budgets.refused();
        ByteBuf out = ctx.alloc().buffer(160 + id.length);
        JsonRpcWriter.error(out, id, ErrorCodes.OVERLOADED, "Connection over its memory budget",
                Map.of("reason", REASON, "limit", budgets.limit(), "retryAfterMs", RETRY_AFTER_MS));
        return out;
    }

    /** Counts a connection closed for {@code reason} (a per-connection limit other than this budget). */
    public void closedFor(ConnectionCloses.Reason reason) {
        budgets.closes().closed(reason);
    }

    /** Bytes charged now (answers not yet known to be sent). */
    public long used() {
        return output;
    }

    /** Whether {@code bytes} more fit in the budget beside what is charged. */
    private boolean fits(long bytes) {
        return bytes <= budgets.limit() - output;
    }

    /** Gives back what the socket has taken; returns the bytes still charged. */
    private long settle(ChannelHandlerContext ctx) {
        long unsent = NettyInternals.unsentBytes(ctx.channel());
        if (output > unsent) {
            output = unsent;
        }
        return output;
    }
}
