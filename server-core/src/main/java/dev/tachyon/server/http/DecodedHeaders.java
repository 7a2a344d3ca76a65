package dev.tachyon.server.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.Collections;
import java.util.List;

/**
 * The header map of a request head that {@link HttpCodec}'s decoder fills. While the decoder is
 * reading the head ({@link #reading()} until {@link #read()}), it answers the stock decoder's
 * two framing questions from what the decoder counted as it split the names, instead of walking
 * the map: {@code getAll(Content-Length)} (a list made per request, and the bucket walked) and
 * whether {@code Transfer-Encoding} lists {@code chunked} (an iterator and the walk). Those two
 * were about 2-3% of the HTTP echo's profile, in the ceiling's stock decoder too.
 *
 * <p>The answers are the map's own: the decoder refuses a second {@code Content-Length} or
 * {@code Transfer-Encoding} before the questions are asked, so a head has at most one of each,
 * and every name it adds went through its count (the map's case-insensitive equality, see
 * {@link RequestHeaders#is}). Only the decoder holds the map in that window; a map whose decoder
 * has not said {@link #reading()} (an invalid request's, one made for a test), and every map
 * after {@link #read()}, answers as {@link DefaultHttpHeaders} does. A {@code set},
 * {@code remove} or {@code clear} ends the window too (the stock decoder sets a length it
 * normalized, {@code 005} to {@code 5}, after asking for it); within the window nothing else
 * changes the map.
 */
final class DecodedHeaders extends DefaultHttpHeaders {

    /** Names unchecked (the decoder checks them on the bytes), values checked: the stock map's validators otherwise. */
    private static final DefaultHttpHeadersFactory CHECKS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false);

    /** Makes the decoder's request heads (trailers keep the stock factory and its checks). */
    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new DecodedHeaders(16);
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new DecodedHeaders(2);
        }
    };

    /** The decoder is reading this head: the counts below are the map's. */
    private boolean reading;
    /** The name object the decoder split for the head's {@code Content-Length}; null: none (yet). */
    private CharSequence lengthName;
    /** The value added under {@link #lengthName}; null until it is. */
    private String length;
    private boolean transferEncoding;

    private DecodedHeaders(int sizeHint) {
        super(CHECKS.getNameValidator(), CHECKS.getValueValidator(), sizeHint);
    }

    /** The decoder begins reading this head. */
    void reading() {
        reading = true;
    }

    /** The decoder split {@code name}, a {@code Content-Length}: the value it adds under that object is the length. */
    void contentLengthNamed(CharSequence name) {
        lengthName = name;
    }

    /** The decoder split a {@code Transfer-Encoding} name. */
    void transferEncodingNamed() {
        transferEncoding = true;
    }

    /** The head is whole (or refused): from now on every answer is the map's walk. */
    void read() {
        reading = false;
        lengthName = null;
        length = null;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        super.add(name, value);
        if (name == lengthName && reading && value instanceof String) {
            length = (String) value; // added, so a valid value
        }
        return this;
    }

    @Override
    public List<String> getAll(CharSequence name) {
        if (reading && name == HttpHeaderNames.CONTENT_LENGTH && (lengthName == null || length != null)) {
            return length == null ? Collections.emptyList() : Collections.singletonList(length);
        }
        return super.getAll(name);
    }

    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        if (reading && !transferEncoding && name == HttpHeaderNames.TRANSFER_ENCODING) {
            return false; // no Transfer-Encoding at all
        }
        return super.containsValue(name, value, ignoreCase);
    }

    // A change other than the decoder's adds: the counts may no longer describe the map.

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        read();
        return super.set(name, value);
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        read();
        return super.set(name, value);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        read();
        return super.remove(name);
    }

    @Override
    public HttpHeaders remove(String name) {
        read();
        return super.remove(name);
    }

    @Override
    public HttpHeaders clear() {
        read();
        return super.clear();
    }
}
