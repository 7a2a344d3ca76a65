package dev.tachyon.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal MCP server for the generator's tests, over TCP lines or Streamable HTTP: answers
 * {@code initialize}, ignores notifications, answers every other request with an empty tool
 * result carrying the request's id, and can misbehave once, at the {@code faultAt}-th call.
 */
final class FakeMcpServer implements AutoCloseable {

    /** What goes wrong at call {@code faultAt}; REJECT_EVEN refuses every even-numbered call instead (-32001). */
    enum Fault { NONE, DROP, DUPLICATE, UNKNOWN_ID, REJECT_EVEN }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Fault fault;
    private final int faultAt;
    private final boolean sse;
    /** A line server instead of MCP: each line back is the line received ("echo") or a fixed one. */
    private final String lines;
    private final AtomicInteger calls = new AtomicInteger();
    private final Channel server;

    private FakeMcpServer(boolean http, boolean sse, Fault fault, int faultAt, String lines) throws InterruptedException {
        this.fault = fault;
        this.faultAt = faultAt;
        this.sse = sse;
        this.lines = lines;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (http) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new HttpHandler());
                        } else {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20), new LineHandler());
                        }
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    static FakeMcpServer tcp(Fault fault, int faultAt) throws InterruptedException {
        return new FakeMcpServer(false, false, fault, faultAt, null);
    }

    /**
     * A line server for {@code --raw}: sends each line back ({@code answer} "echo", as the
     * ceiling does, with the fault at line {@code faultAt}) or answers it with {@code answer} itself.
     */
    static FakeMcpServer lines(String answer, Fault fault, int faultAt) throws InterruptedException {
        return new FakeMcpServer(false, false, fault, faultAt, answer);
    }

    /** @param sse answer requests as an SSE stream instead of JSON */
    static FakeMcpServer http(boolean sse) throws InterruptedException {
        return new FakeMcpServer(true, sse, Fault.NONE, 0, null);
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The answers to one message: none for a notification, usually one, two for a duplicate. */
    private String[] answer(String message) {
        if (lines != null) {
            return line(message);
        }
        Matcher m = ID.matcher(message);
        if (!m.find()) {
            return new String[0];
        }
        String id = m.group(1);
        if (message.contains("\"method\":\"initialize\"")) {
            return new String[] {"{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}}"};
        }
        String result = "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]},\"jsonrpc\":\"2.0\",\"id\":";
        int call = calls.incrementAndGet();
        if (fault == Fault.REJECT_EVEN && call % 2 == 0) {
            return new String[] {"{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32001,"
                    + "\"message\":\"Server overloaded\",\"data\":{\"reason\":\"worker-queue-full\",\"retryAfterMs\":100}}}"};
        }
        return faulted(result + id + "}", call); // the id last, as some SDKs write it
    }

    private String[] line(String message) {
        return faulted(lines.equals("echo") ? message : lines, calls.incrementAndGet());
    }

    /** {@code answer} as sent for call {@code call}: dropped, doubled or given an id never sent when the fault is due. */
    private String[] faulted(String answer, int call) {
        if (call == faultAt) {
            switch (fault) {
                case DROP: return new String[0];
                case DUPLICATE: return new String[] {answer, answer};
                case UNKNOWN_ID: return new String[] {ID.matcher(answer).replaceFirst("\"id\":987654321")};
                default: break;
            }
        }
        return new String[] {answer};
    }

    private final class LineHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            for (String a : answer(line.toString(StandardCharsets.UTF_8))) {
                ctx.write(Unpooled.copiedBuffer(a + "\n", StandardCharsets.UTF_8));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            boolean initialize = body.contains("\"method\":\"initialize\"");
            String[] answers = answer(body);
            FullHttpResponse response;
            if (!initialize && !"fake-session".equals(request.headers().get("mcp-session-id"))) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
            } else if (answers.length == 0) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED);
            } else {
                String text = sse ? "event: message\ndata: " + answers[0] + "\n\n" : answers[0];
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                response.headers().set("content-type", sse ? "text/event-stream" : "application/json");
            }
            if (initialize) {
                response.headers().set("mcp-session-id", "fake-session");
            }
            response.headers().setInt("content-length", response.content().readableBytes());
            ctx.write(response);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
