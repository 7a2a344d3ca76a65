package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * A connection speaking MCP Streamable HTTP: every message is a {@code POST} to the endpoint
 * on one keep-alive HTTP/1.1 connection; requests may be pipelined, and answers come back in
 * request order, so each answer belongs to the oldest pending request (and its JSON-RPC id
 * must say so).
 *
 * <p>The session starts with {@code initialize} (whose answer carries {@code Mcp-Session-Id})
 * and {@code notifications/initialized} (answered {@code 202}). Answers may be
 * {@code application/json} or a {@code text/event-stream} holding the answer as an event.
 * Requests are written as raw bytes (the headers are fixed per connection); answers are
 * parsed by Netty's HTTP decoder.
 *
 * <p>With {@code --raw} (the HTTP ceiling) there is no handshake and any {@code 200} answers
 * the oldest request. Its body is still read as an MCP answer (the same work per answer as
 * against an MCP server): a JSON-RPC error in it is counted by its code, any other body is a
 * success.
 */
final class HttpConnection extends Connection {

    private static final int INITIALIZING = 0;
    private static final int INITIALIZED_SENT = 1;
    private static final int OPEN = 2;

    private final ToolMix mix;
    private final String host;
    private final String path;
    private byte[] head;
    private int step = INITIALIZING;

    HttpConnection(LoadRun run, LoopContext loop, int index) {
        super(run, loop, index);
        this.mix = run.mix;
        this.host = run.options.target.host() + ":" + run.options.target.port();
        this.path = run.options.target.path();
        this.head = head(null, null);
    }

    @Override
    void beginSession(ChannelHandlerContext ctx) {
        if (run.options.raw) {
            step = OPEN;
            ready();
            return;
        }
        ByteBuf buf = ctx.alloc().buffer(512);
        byte[] body = TcpConnection.INITIALIZE;
        writePost(buf, body, 0, body.length - 1); // without the line's '\n'
        ctx.writeAndFlush(buf, ctx.voidPromise());
    }

    @Override
    void writeRequest(ByteBuf buf, long id) {
        byte[] suffix = mix.suffixOf(id);
        buf.writeBytes(head);
        Decimal.write(buf, ToolMix.PREFIX.length + Decimal.length(id) + suffix.length);
        buf.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
        buf.writeBytes(ToolMix.PREFIX);
        Decimal.write(buf, id);
        buf.writeBytes(suffix);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpResponse response = (FullHttpResponse) msg;
        try {
            long now = System.nanoTime();
            if (step == OPEN) {
                answer(response, now);
            } else {
                handshake(response);
            }
        } finally {
            response.release();
        }
    }

    private void answer(FullHttpResponse response, long now) {
        int status = response.status().code();
        if (status != 200) {
            answeredInOrder(now, "http-" + status);
            return;
        }
        if (run.options.raw) {
            // Read as an MCP answer is, so that the generator does the same work per answer for
            // the HTTP ceiling as for Tachyon (as echoed() does over TCP): the ratio then compares
            // the servers. A constant body carries no id to match, so it answers the oldest.
            boolean json = findAnswer(response);
            answeredInOrder(now, json && loop.scan.hasError ? Integer.toString(loop.scan.errorCode) : null);
            return;
        }
        long expected = oldestPending();
        if (!findAnswer(response)) {
            run.mismatched(this, "an HTTP answer without a JSON-RPC response in it");
            answeredInOrder(now, "unreadable");
            return;
        }
        if (loop.scan.id != expected) {
            run.mismatched(this, "HTTP answer for id " + expected + " carries id " + loop.scan.id);
            answeredInOrder(now, "mismatched");
            return;
        }
        answered(now);
    }

    private void handshake(FullHttpResponse response) {
        int status = response.status().code();
        if (step == INITIALIZING) {
            String session = response.headers().get("mcp-session-id");
            if (status != 200 || !findAnswer(response) || !loop.scan.hasResult) {
                handshakeFailed("initialize got HTTP " + status + ": " + abbreviate(response));
                return;
            }
            String version = protocolVersion(response.content().toString(StandardCharsets.UTF_8));
            head = head(session, version);
            step = INITIALIZED_SENT;
            ByteBuf buf = channel.alloc().buffer(512);
            byte[] body = TcpConnection.INITIALIZED;
            writePost(buf, body, 0, body.length - 1);
            channel.writeAndFlush(buf, channel.voidPromise());
        } else {
            if (status != 202 && status != 200) {
                handshakeFailed("notifications/initialized got HTTP " + status + ": " + abbreviate(response));
                return;
            }
            step = OPEN;
            ready();
        }
    }

    /** Finds the JSON-RPC answer in the body (JSON, or the data of an SSE event) and scans it into {@code loop.scan}. */
    private boolean findAnswer(FullHttpResponse response) {
        ByteBuf content = response.content();
        int length = content.readableBytes();
        byte[] bytes = loop.scratch(length);
        content.getBytes(content.readerIndex(), bytes, 0, length);
        String type = response.headers().get("content-type");
        if (type == null || !type.startsWith("text/event-stream")) {
            return loop.scan.scan(bytes, 0, length) && !loop.scan.hasMethod;
        }
        // SSE: "data: <json>" lines; the answer is the event with our id and a result or error.
        int from = 0;
        while (from < length) {
            int end = from;
            while (end < length && bytes[end] != '\n') {
                end++;
            }
            int lineEnd = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd - from >= 5 && bytes[from] == 'd' && bytes[from + 1] == 'a' && bytes[from + 2] == 't'
                    && bytes[from + 3] == 'a' && bytes[from + 4] == ':') {
                int json = from + 5;
                if (loop.scan.scan(bytes, json, lineEnd) && (loop.scan.hasResult || loop.scan.hasError)) {
                    return true;
                }
            }
            from = end + 1;
        }
        return false;
    }

    private void writePost(ByteBuf buf, byte[] body, int from, int to) {
        buf.writeBytes(head);
        Decimal.write(buf, to - from);
        buf.writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n');
        buf.writeBytes(body, from, to - from);
    }

    /** The request line and headers up to the value of {@code Content-Length}. */
    private byte[] head(String session, String version) {
        StringBuilder h = new StringBuilder(256)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json, text/event-stream\r\n");
        if (session != null) {
            h.append("Mcp-Session-Id: ").append(session).append("\r\n");
        }
        if (version != null) {
            h.append("MCP-Protocol-Version: ").append(version).append("\r\n");
        }
        for (String header : run.options.headers) {
            h.append(header).append("\r\n");
        }
        h.append("Content-Length: ");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code protocolVersion} string in an initialize answer, or null. */
    static String protocolVersion(String body) {
        int at = body.indexOf("\"protocolVersion\"");
        if (at < 0) {
            return null;
        }
        int open = body.indexOf('"', body.indexOf(':', at) + 1);
        int close = open < 0 ? -1 : body.indexOf('"', open + 1);
        return close < 0 ? null : body.substring(open + 1, close);
    }

    private static String abbreviate(FullHttpResponse response) {
        String body = response.content().toString(StandardCharsets.UTF_8);
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
