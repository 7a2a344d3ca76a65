package dev.tachyon.server.http;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The response to one HTTP request on one connection: a whole response, or a stream of SSE
 * chunks ended by {@link #end()}. Every method may be called from any thread; writes are
 * carried out on the connection's event loop in call order, and anything written after the
 * response ended (or the connection closed) is released and dropped.
 */
final class HttpResponder {

    /** Told when the connection closes before the response ended. */
    interface LossListener {
        void lost(HttpResponder responder);
    }

    static final String SESSION_ID = "Mcp-Session-Id";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String NO_PROXY_BUFFERING = "X-Accel-Buffering";
    private static final String VARY_ACCEPT_ENCODING = "Accept-Encoding";
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private final HttpConnection connection;
    private final boolean keepAlive;
    /** How JSON bodies are compressed on this endpoint (off: never, and no Vary header). */
    private final HttpCompression compression;
    /** The request accepts gzip. */
    private final boolean gzip;
    /** The request had an {@code Origin}: the CORS handler adds headers to its response object. */
    private final boolean cors;
    /** The request came over HTTP/1.1: its answer may have a chunked body (HTTP/1.0 has none). */
    private final boolean chunkable;
    /** A chunked JSON answer's head has been submitted ({@link #jsonPart}). */
    private boolean partsStarted;
    /** Set on the connection's event loop once the last write is done or the connection is gone. */
    volatile boolean ended;
    private volatile boolean lost;
    private volatile LossListener listener;

    /** A responder whose JSON bodies go out as they are (answers to requests not read whole). */
    HttpResponder(HttpConnection connection, boolean keepAlive) {
        this(connection, keepAlive, HttpCompression.off(), null, true, false);
    }

    /**
     * A responder for a request whose {@code Accept-Encoding} is {@code acceptEncoding} (may be
     * null) and that carried an {@code Origin} header or not ({@code cors}), over HTTP/1.1
     * ({@code chunkable}: a large JSON answer may go out in chunks) or not.
     */
    HttpResponder(HttpConnection connection, boolean keepAlive, HttpCompression compression, String acceptEncoding,
            boolean cors, boolean chunkable) {
        this.connection = connection;
        this.chunkable = chunkable;
        this.keepAlive = keepAlive;
        this.compression = compression;
        this.gzip = compression.gzipFor(acceptEncoding);
        this.cors = cors;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** A whole JSON response; takes ownership of {@code body}. */
    void json(HttpResponseStatus status, ByteBuf body, String sessionId) {
        json(status, body, sessionId, null, null);
    }

    /** As {@link #json(HttpResponseStatus, ByteBuf, String)} with one more header (e.g. {@code Retry-After}), if not null. */
    void json(HttpResponseStatus status, ByteBuf body, String sessionId, CharSequence header, String value) {
        if (!gzip || body.readableBytes() < compression.minBytes() || !body.isReadable()) {
            json(status, body, null, sessionId, header, value);
        } else if (body.readableBytes() < GzipOffload.MIN_BYTES || !connection.eventLoop().inEventLoop()) {
            // Small, or on the worker that produced a blocking result: compressed where it is.
            json(status, body, gzipped(body), sessionId, header, value);
        } else if (!GzipOffload.execute(() -> json(status, body, gzipped(body), sessionId, header, value))) {
            json(status, body, null, sessionId, header, value); // every compression thread busy: as it is, not on the loop
        }
    }

    /** Sends {@code gzipped} if not null ({@code body} is released then), else {@code body}. */
    private void json(HttpResponseStatus status, ByteBuf body, ByteBuf gzipped, String sessionId, CharSequence header,
            String value) {
        if (gzipped == null && header == null && !cors) {
            // The common answer: written as bytes, no header map (the same bytes, see WholeJson).
            connection.submit(this, new WholeJson(status, body, compression.enabled(), sessionId), true);
            return;
        }
        FullHttpResponse response = jsonResponse(status, gzipped != null ? gzipped : body);
        if (compression.enabled()) {
            response.headers().set(HttpHeaderNames.VARY, VARY_ACCEPT_ENCODING);
        }
        if (gzipped != null) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        if (sessionId != null) {
            response.headers().set(SESSION_ID, sessionId);
        }
        if (header != null) {
            response.headers().set(header, value);
        }
        finish(response);
    }

    /**
     * {@code body} gzipped, {@code body} then released; null, {@code body} untouched, when it
     * cannot be (no direct memory for the copy): the answer then goes out as it is. On the
     * event loop for small bodies, else on a worker or a {@link GzipOffload} thread.
     */
    private ByteBuf gzipped(ByteBuf body) {
        ByteBuf gz;
        try {
            gz = GzipBody.compress(body, connection.alloc(), compression.level());
        } catch (OutOfMemoryError | RuntimeException e) {
            return null;
        }
        body.release();
        return gz;
    }

    /**
     * Whether a JSON answer of 200 may go out in parts as it is written ({@link #jsonPart}): the
     * request came over HTTP/1.1 (chunked bodies) and is not answered compressed. A client that
     * accepts gzip gets a large answer whole and compressed, off the event loop, as before:
     * compressing parts would take a deflater's state per answer on the session's loop (or an
     * ordered hand-off per part), for a client that chose fewer bytes over an earlier start.
     */
    boolean streamsParts() {
        return chunkable && !gzip;
    }

    /**
     * One part of a 200 JSON answer sent as it is written: the first sends the head, with
     * {@code Transfer-Encoding: chunked} instead of a length ({@code sessionId} in it when not
     * null), then each part is one chunk. Ended by {@link #jsonEnd} or cut by {@link #abort}.
     * Takes ownership of {@code part}; only when {@link #streamsParts()}.
     */
    void jsonPart(ByteBuf part, String sessionId) {
        if (!partsStarted) {
            partsStarted = true;
            HttpResponse head = new ChunkedJsonHead(RESPONSE_HEADERS.newHeaders());
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            if (compression.enabled()) {
                head.headers().set(HttpHeaderNames.VARY, VARY_ACCEPT_ENCODING);
            }
            if (sessionId != null) {
                head.headers().set(SESSION_ID, sessionId);
            }
            HttpUtil.setTransferEncodingChunked(head, true);
            connection.submit(this, head, false);
        }
        connection.submit(this, new DefaultHttpContent(part), false);
    }

    /** Ends an answer begun with {@link #jsonPart}: {@code rest} (owned) as its last chunk. */
    void jsonEnd(ByteBuf rest) {
        connection.submit(this, new DefaultLastHttpContent(rest), true);
    }

    /**
     * Cuts an answer begun with {@link #jsonPart} short: the connection closes once what was
     * written has left, without the last chunk, so the client sees the body end early rather
     * than a complete wrong one; requests pipelined after it are not answered.
     */
    void abort() {
        connection.abort(this);
    }

    /** A response without a body (202 for a notification, 200 for DELETE). */
    void empty(HttpResponseStatus status) {
        finish(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER));
    }

    /** An SSE response with no events: a request that ended without a response (cancelled). */
    void emptyEventStream() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        finish(response);
    }

    /** An HTTP error whose body is a JSON-RPC error response without an id, as the transport spec allows. */
    void error(HttpResponseStatus status, String message) {
        error(status, message, null, null);
    }

    /** Like {@link #error(HttpResponseStatus, String)} with one more header (e.g. {@code Allow}), if not null. */
    void error(HttpResponseStatus status, String message, CharSequence header, String value) {
        error(status, ErrorCodes.INVALID_REQUEST, message, null, header, value);
    }

    /** An HTTP error whose body is the JSON-RPC error {@code code} with {@code data} (may be null), without an id. */
    void error(HttpResponseStatus status, int code, String message, Object data, CharSequence header, String value) {
        ByteBuf body = connection.alloc().buffer(96 + message.length());
        JsonRpcWriter.error(body, null, code, message, data);
        FullHttpResponse response = jsonResponse(status, body);
        if (header != null) {
            response.headers().set(header, value);
        }
        finish(response);
    }

    /** Starts an SSE response: status line and headers, chunked. */
    void startEventStream(String sessionId) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        head.headers().set(NO_PROXY_BUFFERING, "no"); // a buffering proxy would hold events back
        if (sessionId != null) {
            head.headers().set(SESSION_ID, sessionId);
        }
        HttpUtil.setTransferEncodingChunked(head, true);
        connection.submit(this, head, false);
    }

    /** One chunk of an SSE response (one or more whole events); takes ownership. */
    void chunk(ByteBuf events) {
        connection.submit(this, new DefaultHttpContent(events), false);
    }

    /** Ends an SSE response. */
    void end() {
        connection.submit(this, LastHttpContent.EMPTY_LAST_CONTENT, true);
    }

    /**
     * Registers who to tell if the connection closes before the response ends; tells at once if
     * it already has.
     */
    void onLoss(LossListener value) {
        listener = value;
        if (lost) {
            value.lost(this);
        }
    }

    /** Called on the connection's event loop when it closes with this response unfinished. */
    void lose() {
        ended = true;
        lost = true;
        LossListener l = listener;
        if (l != null) {
            l.lost(this);
        }
    }

    /**
     * A whole JSON response: headers whose names Netty does not validate (every name set on them
     * is one of our constants; values are still checked, as a challenge's text may quote what a
     * token said) and no trailers (a whole response has none), so that a response costs one
     * header map instead of two.
     */
    private static FullHttpResponse jsonResponse(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body,
                RESPONSE_HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }

    /** The head of a JSON answer sent in chunks: unlike an SSE stream's, it gets no keep-alive comments. */
    static final class ChunkedJsonHead extends DefaultHttpResponse {
        ChunkedJsonHead(io.netty.handler.codec.http.HttpHeaders headers) {
            super(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers);
        }
    }

    private void finish(FullHttpResponse response) {
        connection.submit(this, response, true);
    }
}
