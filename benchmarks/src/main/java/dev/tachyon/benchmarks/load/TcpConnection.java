package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection speaking newline-delimited JSON-RPC: MCP over TCP, or (with {@code --raw}) the
 * same request bytes to a line-echo server, where each line back answers the request whose id
 * it carries (a line without a numeric id, the oldest request).
 *
 * <p>Lines are cut straight out of the socket's read buffer into the loop's scratch array
 * (no per-line objects); only a line split across two reads is carried over.
 */
final class TcpConnection extends Connection {

    static final byte[] INITIALIZE = ToolMix.ascii("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"" + LoadRun.PROTOCOL_VERSION + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"tachyon-bench\",\"version\":\"0.1.0\"}}}\n");
    static final byte[] INITIALIZED = ToolMix.ascii("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");

    private final boolean raw;
    private final ToolMix mix;
    private byte[] carry = new byte[0];
    private int carryLength;

    TcpConnection(LoadRun run, LoopContext loop, int index) {
        super(run, loop, index);
        this.raw = run.options.raw;
        this.mix = run.mix;
    }

    @Override
    void beginSession(ChannelHandlerContext ctx) {
        if (raw) {
            ready();
            return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(INITIALIZE.length).writeBytes(INITIALIZE), ctx.voidPromise());
    }

    @Override
    void writeRequest(ByteBuf buf, long id) {
        buf.writeBytes(ToolMix.PREFIX);
        Decimal.write(buf, id);
        buf.writeBytes(mix.suffixOf(id));
        buf.writeByte('\n');
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        try {
            long now = System.nanoTime(); // one read: every line in it arrived at this moment
            int from = in.readerIndex();
            int to = in.writerIndex();
            while (from < to) {
                int newline = in.indexOf(from, to, (byte) '\n');
                if (newline < 0) {
                    carry(in, from, to);
                    break;
                }
                if (carryLength > 0) {
                    carry(in, from, newline);
                    line(carry, carryLength, now);
                    carryLength = 0;
                } else {
                    int length = newline - from;
                    byte[] scratch = loop.scratch(length);
                    in.getBytes(from, scratch, 0, length);
                    line(scratch, length, now);
                }
                from = newline + 1;
            }
        } finally {
            in.release();
        }
    }

    private void carry(ByteBuf in, int from, int to) {
        int length = to - from;
        if (carryLength + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carryLength + length, carry.length * 2));
        }
        in.getBytes(from, carry, carryLength, length);
        carryLength += length;
    }

    private void line(byte[] bytes, int length, long now) {
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            return;
        }
        boolean numbered = loop.scan.scan(bytes, 0, length);
        if (raw) {
            // A line echo sends each request back, id and all: matched by that id, as an answer
            // is, so the generator's work per line is the same as for an MCP server's answers.
            // Another line-based server's line without a numeric id answers the oldest request.
            if (numbered) {
                echoed(now);
            } else {
                answeredInOrder(now, null);
            }
            return;
        }
        if (isReady()) {
            answered(now);
        } else {
            handshake(bytes, length);
        }
    }

    private void handshake(byte[] bytes, int length) {
        ResponseScan scan = loop.scan;
        if (scan.id != 0 || !(scan.hasResult || scan.hasError)) {
            return; // not the initialize answer (a notification, say)
        }
        if (!scan.hasResult) {
            handshakeFailed("initialize was answered with an error: "
                    + new String(bytes, 0, Math.min(length, 300), StandardCharsets.UTF_8));
            return;
        }
        channel.writeAndFlush(channel.alloc().buffer(INITIALIZED.length).writeBytes(INITIALIZED), channel.voidPromise());
        ready();
    }
}
