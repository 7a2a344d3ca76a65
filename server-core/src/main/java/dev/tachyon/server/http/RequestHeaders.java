package dev.tachyon.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * The request headers the connection and the endpoint's rules read, picked out in one pass over
 * the request's headers: a dozen look-ups per POST (each hashing its name and walking a bucket)
 * were about a tenth of the HTTP echo's CPU. Each value is the first of its name, as
 * {@link HttpHeaders#get} gives it; a header the rules read every value of ({@code Accept},
 * {@code Connection}) is counted, and read from the full headers when it comes more than once.
 */
final class RequestHeaders {

    private static final AsciiString SESSION_ID = AsciiString.cached(HttpResponder.SESSION_ID);
    private static final AsciiString PROTOCOL_VERSION = AsciiString.cached(RequestRules.PROTOCOL_VERSION);

    private final HttpHeaders all;
    private String host;
    private String origin;
    private String accept;
    private int accepts;
    private String contentType;
    private String sessionId;
    private String protocolVersion;
    private String acceptEncoding;
    private boolean connection;

    private RequestHeaders(HttpHeaders all) {
        this.all = all;
    }

    /**
     * The MCP name spelled exactly as {@code sb[start, start + length)}, or null. The codec hands
     * this constant to the header map instead of a new name: a known token (no per-byte check),
     * whose hash is kept, and which {@link #is} then tells by identity. Without it the two MCP
     * names' hash and compare in {@link #pick} were most of this class's cost per POST
     * (about 30 against 90-160 ns in a JMH of {@link #of}).
     */
    static AsciiString exactMcpName(byte[] sb, int start, int length) {
        AsciiString known = length == 14 ? SESSION_ID : length == 20 ? PROTOCOL_VERSION : null;
        return known != null && Arrays.equals(known.array(), known.arrayOffset(), known.arrayOffset() + length,
                sb, start, start + length) ? known : null;
    }

    /** The headers of {@code request}, read once. */
    static RequestHeaders of(HttpRequest request) {
        RequestHeaders h = new RequestHeaders(request.headers());
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = h.all.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = entries.next();
            h.pick(e.getKey(), e.getValue());
        }
        return h;
    }

    /** Keeps {@code value} when {@code name} is one read here; the name's length first, as most are none. */
    private void pick(CharSequence name, CharSequence value) {
        switch (name.length()) {
            case 4:
                if (host == null && is(HttpHeaderNames.HOST, name)) {
                    host = value.toString();
                }
                break;
            case 6:
                if (is(HttpHeaderNames.ACCEPT, name)) {
                    if (accepts++ == 0) {
                        accept = value.toString();
                    }
                } else if (origin == null && is(HttpHeaderNames.ORIGIN, name)) {
                    origin = value.toString();
                }
                break;
            case 10:
                connection |= is(HttpHeaderNames.CONNECTION, name);
                break;
            case 12:
                if (contentType == null && is(HttpHeaderNames.CONTENT_TYPE, name)) {
                    contentType = value.toString();
                }
                break;
            case 14:
                if (sessionId == null && is(SESSION_ID, name)) {
                    sessionId = value.toString();
                }
                break;
            case 15:
                if (acceptEncoding == null && is(HttpHeaderNames.ACCEPT_ENCODING, name)) {
                    acceptEncoding = value.toString();
                }
                break;
            case 20:
                if (protocolVersion == null && is(PROTOCOL_VERSION, name)) {
                    protocolVersion = value.toString();
                }
                break;
            default:
                break;
        }
    }

    /**
     * Whether {@code name} is {@code known}, case aside. The decoder hands out its constants for
     * the common spellings (Host, Accept, Content-Type...): identity first. Then the two names'
     * case-insensitive hashes: a decoded name's is computed once and kept (the header map needs
     * it anyway), so a name of the same length that is another one ({@code Content-Length} and
     * {@code Mcp-Session-Id}) costs no compare; a name that is the one is compared exactly, then
     * case aside.
     */
    static boolean is(AsciiString known, CharSequence name) {
        return known == name || known.hashCode() == AsciiString.hashCode(name)
                && (known.contentEquals(name) || known.contentEqualsIgnoreCase(name));
    }

    /** The request's full headers. */
    HttpHeaders all() {
        return all;
    }

    String host() {
        return host;
    }

    String origin() {
        return origin;
    }

    String contentType() {
        return contentType;
    }

    String sessionId() {
        return sessionId;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    String acceptEncoding() {
        return acceptEncoding;
    }

    /** The {@code Accept} value when the request has exactly one, else null. */
    String singleAccept() {
        return accepts == 1 ? accept : null;
    }

    /** Whether {@code Accept} lists {@code mediaType}, as {@link RequestRules#accepts(HttpHeaders, String)}. */
    boolean accepts(String mediaType) {
        if (accepts > 1) {
            return RequestRules.accepts(all, mediaType);
        }
        return accepts == 1 && RequestRules.acceptsIn(accept, mediaType);
    }

    /** {@link HttpUtil#isKeepAlive} of {@code request}, whose headers these are. */
    boolean keepAlive(HttpRequest request) {
        return connection ? HttpUtil.isKeepAlive(request) : request.protocolVersion().isKeepAliveDefault();
    }
}
