package dev.tachyon.server.http;

import dev.tachyon.server.schema.HttpToken;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Netty's HTTP/1.1 server codec made strict, and telling where the request being read is.
 *
 * <p>Strict: the stock {@link HttpRequestDecoder} is lenient where leniency lets a request mean
 * one thing to a proxy and another to us (request smuggling). These become decoder failures,
 * raised through the decoder's own hooks where it has them (so that it stops at once), else
 * set on the request once its headers are whole; either way the rest of the connection's input
 * is discarded, as for any malformed message ({@link RequestFraming} answers them and closes):
 * <ul>
 *   <li>a version other than HTTP/1.0 and HTTP/1.1 ({@link UnsupportedVersion}, answered 505);</li>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding} (the stock decoder drops
 *       the length and goes on), either order;</li>
 *   <li>{@code Content-Length} twice (the stock decoder rejects that on HTTP/1.1 only, and takes
 *       the first on HTTP/1.0), {@code Transfer-Encoding} twice, {@code Host} twice;</li>
 *   <li>HTTP/1.1 without {@code Host};</li>
 *   <li>{@code Transfer-Encoding} on HTTP/1.0, or other than {@code chunked} alone
 *       ({@link UnsupportedCoding}, answered 501): the stock decoder reads "gzip, chunked" as
 *       chunked, and the aggregator then drops the header.</li>
 * </ul>
 * Header names are seen through {@link HttpRequestDecoder#splitHeaderName}, trailer names too:
 * those three names in a chunked body's trailer are refused as well. There a name that is not a
 * token is refused (400) on its bytes, so the head's header map checks values only (CR, LF, NUL
 * and other control characters but tab are refused there, as by the stock map).
 *
 * <p>Where: {@link #phase()} is {@link #IDLE} between requests, {@link #HEADERS} from a
 * request's first byte until its headers are whole, {@link #BODY} until its body is;
 * {@link #requests()} counts the requests begun. {@link HttpTimeouts} puts deadlines on the
 * phases. Tracking costs a few field writes per request and no clock reads.
 *
 * <p>Responses: as {@link HttpServerCodec}, the response to a {@code HEAD} request is written
 * without its body (responses go out in request order, one per request). A response already
 * encoded ({@link WholeJson.Encoded}) goes out as it is.
 */
final class HttpCodec extends CombinedChannelDuplexHandler<HttpCodec.RequestDecoder, HttpCodec.ResponseEncoder> {

    static final int IDLE = 0;
    static final int HEADERS = 1;
    static final int BODY = 2;

    /** A transfer coding other than chunked alone. */
    static final class UnsupportedCoding extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedCoding() {
            super("the only transfer coding accepted is chunked");
        }
    }

    /** A request line naming a version this server does not speak. */
    static final class UnsupportedVersion extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedVersion(String version) {
            super("HTTP version not supported: " + version + " (only HTTP/1.0 and HTTP/1.1)");
        }
    }

    /** The methods of the requests not yet answered, oldest first: the encoder needs to know a HEAD's. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);

    /** @param maxHeaderBytes the longest request headers accepted (the stock default is 8 KiB) */
    HttpCodec(int maxHeaderBytes) {
        // Header names are checked as tokens by the decoder below, on the bytes, so the head's map
        // checks values only (trailers keep every check of the stock map).
        init(new RequestDecoder(new HttpDecoderConfig().setMaxHeaderSize(maxHeaderBytes)
                        .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withNameValidation(false)), methods),
                new ResponseEncoder(methods));
    }

    /** {@link #IDLE}, {@link #HEADERS} or {@link #BODY}. */
    int phase() {
        return inboundHandler().phase;
    }

    /** Requests begun on this connection. */
    long requests() {
        return inboundHandler().requests;
    }

    /** Whether a malformed request was read: the decoder discards everything after it. */
    boolean failed() {
        return inboundHandler().failed;
    }

    static final class RequestDecoder extends HttpRequestDecoder {

        /** The method name the stock decoder gives a POST, kept as one constant so it can be told by identity. */
        private static final String POST = HttpMethod.POST.name();
        private static final String HTTP_1_1 = HttpVersion.HTTP_1_1.text();
        private final ArrayDeque<HttpMethod> methods;
        private int phase = IDLE;
        private long requests;
        private boolean failed;
        private int contentLengths;
        private int transferEncodings;
        private int hosts;
        /**
         * The request the three counters are of, until the next one begins: a chunked body's
         * trailer names are counted too, so they describe its head alone only without one.
         */
        private HttpMessage counted;
        /** How far the output list was tracked, so that decodeLast does not track decode's output twice. */
        private int trackedTo = -1;

        RequestDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (failed) {
                buffer.skipBytes(buffer.readableBytes()); // nothing after a malformed request is read
                return;
            }
            if (phase == IDLE && buffer.isReadable()) {
                phase = HEADERS;
                requests++;
            }
            int from = out.size();
            super.decode(ctx, buffer, out);
            track(out, from);
        }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (failed) {
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            int from = out.size();
            trackedTo = -1;
            super.decodeLast(ctx, buffer, out); // may call decode(), which tracks what it decoded
            track(out, trackedTo < 0 ? from : trackedTo);
        }

        /** Follows the phase through what was decoded; after a failure, drops whatever was decoded behind it. */
        private void track(List<Object> out, int from) {
            try {
                trackFrom(out, from);
            } finally {
                trackedTo = out.size();
            }
        }

        private void trackFrom(List<Object> out, int from) {
            for (int i = from; i < out.size(); i++) {
                Object msg = out.get(i);
                // The decoder's own classes by identity first: an interface check walks the class's
                // interfaces, and three per message were about 3% of the HTTP echo's profile.
                Class<?> type = msg.getClass();
                boolean known = type == DefaultHttpRequest.class || type == DefaultLastHttpContent.class;
                if (known ? type == DefaultHttpRequest.class : msg instanceof HttpRequest) {
                    request((HttpRequest) msg);
                }
                if ((known || msg instanceof HttpObject) && ((HttpObject) msg).decoderResult().isFailure()) {
                    failed = true;
                    phase = IDLE;
                    while (out.size() > i + 1) {
                        ReferenceCountUtil.release(out.remove(out.size() - 1));
                    }
                    return;
                }
                if (known ? type == DefaultLastHttpContent.class : msg instanceof LastHttpContent) {
                    phase = IDLE;
                }
            }
        }

        /** A request's headers are whole: its body comes next, and its framing is checked. */
        private void request(HttpRequest request) {
            methods.add(request.method());
            phase = BODY;
            if (request.decoderResult().isSuccess()) {
                IllegalArgumentException broken = framing(request);
                if (broken != null) {
                    request.setDecoderResult(DecoderResult.failure(broken));
                }
            }
        }

        /**
         * What is wrong with a request's framing that the stock decoder lets through, seen once
         * its headers are whole; null when nothing is.
         */
        private IllegalArgumentException framing(HttpRequest request) {
            boolean http11 = request.protocolVersion().minorVersion() == 1;
            if (request == counted && transferEncodings == 0) {
                // The counters hold this request's head alone: no message was begun since, and
                // without Transfer-Encoding the body is not chunked, so no trailer added to them.
                return http11 && hosts == 0 ? new IllegalArgumentException("HTTP/1.1 requires a Host header") : null;
            }
            HttpHeaders headers = request.headers();
            if (http11 && !headers.contains(HttpHeaderNames.HOST)) {
                return new IllegalArgumentException("HTTP/1.1 requires a Host header");
            }
            String coding = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
            if (coding == null) {
                return null;
            }
            if (!http11) {
                return new IllegalArgumentException("Transfer-Encoding is not HTTP/1.0");
            }
            return HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding.trim()) ? null : new UnsupportedCoding();
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) throws Exception {
            contentLengths = 0;
            transferEncodings = 0;
            hosts = 0;
            counted = null;
            // A POST over HTTP/1.1 as the stock decoder makes it, without HttpMethod.valueOf hashing
            // the name (~3% of the echo's profile): the method is told by identity (see below).
            HttpMessage message = initialLine[0] == POST && HTTP_1_1.equals(initialLine[2])
                    ? new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, initialLine[1], headersFactory)
                    : super.createMessage(initialLine);
            HttpVersion version = message.protocolVersion();
            if (!"HTTP".equals(version.protocolName()) || version.majorVersion() != 1 || version.minorVersion() > 1) {
                throw new UnsupportedVersion(version.text());
            }
            counted = message;
            return message;
        }

        @Override
        protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
            String method = super.splitFirstWordInitialLine(sb, start, length);
            return POST.equals(method) ? POST : method;
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            AsciiString mcp = RequestHeaders.exactMcpName(sb, start, length);
            if (mcp != null) {
                return mcp; // a token, and none of the three framing names
            }
            AsciiString name = super.splitHeaderName(sb, start, length);
            if (!isStockConstant(name)) {
                checkToken(sb, start, length);
            }
            // The length first: most names are none of the three, and a compare per name was ~3% of a profile.
            // RequestHeaders.is: the stock constants by identity, then the name's hash (kept for the map).
            switch (name.length()) {
                case 4:
                    if (RequestHeaders.is(HttpHeaderNames.HOST, name)) {
                        host();
                    }
                    break;
                case 14:
                    if (RequestHeaders.is(HttpHeaderNames.CONTENT_LENGTH, name)) {
                        contentLength();
                    }
                    break;
                case 17:
                    if (RequestHeaders.is(HttpHeaderNames.TRANSFER_ENCODING, name)) {
                        transferEncoding();
                    }
                    break;
                default:
                    break;
            }
            return name;
        }

        /** The stock decoder's own names, handed out only when the bytes spelled them exactly: tokens. */
        private static boolean isStockConstant(AsciiString name) {
            return name == HttpHeaderNames.HOST || name == HttpHeaderNames.CONTENT_LENGTH
                    || name == HttpHeaderNames.CONTENT_TYPE || name == HttpHeaderNames.ACCEPT
                    || name == HttpHeaderNames.CONNECTION;
        }

        /**
         * Refuses a header name that is not a token (RFC 9110 5.1: no control characters, NUL, CR,
         * LF, spaces, separators or bytes over 0x7e), as the stock header map would with name
         * validation on: the head's map is made without it, this reads the bytes once instead.
         */
        private static void checkToken(byte[] sb, int start, int length) {
            if (length == 0) {
                throw new IllegalArgumentException("empty header names are not allowed");
            }
            for (int i = start, end = start + length; i < end; i++) {
                if (!HttpToken.isTchar(sb[i])) {
                    throw new IllegalArgumentException("a header name can only contain \"token\" characters, but found"
                            + " invalid character 0x" + Integer.toHexString(sb[i] & 0xff));
                }
            }
        }

        /** Counts the three framing headers, refusing a second one or both lengths at once. */
        private void contentLength() {
            if (++contentLengths > 1 || transferEncodings > 0) {
                throw new IllegalArgumentException(transferEncodings > 0
                        ? "Content-Length together with Transfer-Encoding" : "Content-Length given twice");
            }
        }

        private void transferEncoding() {
            if (++transferEncodings > 1 || contentLengths > 0) {
                throw new IllegalArgumentException(contentLengths > 0
                        ? "Content-Length together with Transfer-Encoding" : "Transfer-Encoding given twice");
            }
        }

        private void host() {
            if (++hosts > 1) {
                throw new IllegalArgumentException("Host given twice");
            }
        }
    }

    static final class ResponseEncoder extends HttpResponseEncoder {

        private final ArrayDeque<HttpMethod> methods;

        ResponseEncoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        /** A {@link WholeJson.Encoded} response goes out as the bytes it is (a HEAD's without its body). */
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (!(msg instanceof WholeJson.Encoded)) {
                super.write(ctx, msg, promise);
                return;
            }
            WholeJson.Encoded encoded = (WholeJson.Encoded) msg;
            ByteBuf bytes = encoded.content();
            if (HttpMethod.HEAD.equals(methods.poll())) {
                bytes.writerIndex(bytes.readerIndex() + encoded.headBytes());
            }
            ctx.write(bytes, promise);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            // One final response per request, in order; an interim one (100 Continue) answers none.
            HttpMethod method = msg.status().codeClass() == HttpStatusClass.INFORMATIONAL ? null : methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }
    }
}
