package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP ceiling's handler: every request is answered, once its body has been read, with the
 * same JSON body, {@code 200}, {@code Content-Type: application/json} and a
 * {@code Content-Length}; the connection stays open unless the request asks to close it. The
 * body is copied into a new pooled buffer per answer, as Tachyon writes each answer anew;
 * answers are flushed once per read batch. Stateless apart from the body, so shared.
 */
@ChannelHandler.Sharable
final class HttpConstantAnswer extends CeilingHandler {

    /**
     * The answer of Tachyon's demo {@code echo} to {@code tools/call} with the generator's default
     * 32-byte text and a 7-digit id: the same bytes Tachyon writes as the HTTP body (the
     * generator's {@code --raw} does not read the id, so a constant one does).
     */
    static final byte[] ECHO_ANSWER = ("{\"jsonrpc\":\"2.0\",\"id\":1234567,\"result\":{\"content\":[{\"type\":\"text\","
            + "\"text\":\"" + ToolMix.payloadText(32) + "\"}]}}").getBytes(StandardCharsets.US_ASCII);

    /** Per connection: whether the request being read keeps the connection open (its headers decide). */
    private static final AttributeKey<Boolean> KEEP_ALIVE = AttributeKey.valueOf("tachyon-bench.keepAlive");

    private final byte[] body;
    private final String length;

    HttpConstantAnswer(byte[] body) {
        this.body = body.clone();
        this.length = Integer.toString(body.length);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest) {
                ctx.channel().attr(KEEP_ALIVE).set(HttpUtil.isKeepAlive((HttpRequest) msg));
            }
            if (msg instanceof LastHttpContent) {
                ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.CONTENT_LENGTH, length);
                Boolean keepAlive = ctx.channel().attr(KEEP_ALIVE).get();
                if (Boolean.FALSE.equals(keepAlive)) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.write(response, ctx.voidPromise());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
