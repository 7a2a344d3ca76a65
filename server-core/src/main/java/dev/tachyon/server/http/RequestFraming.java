package dev.tachyon.server.http;

import dev.tachyon.server.connection.ConnectionCloses;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Which requests end their connection: those whose framing cannot be trusted, so that nothing
 * read after them can be trusted either. Each is answered with its status and
 * {@code Connection: close}, and the connection is closed; requests after it are not read.
 *
 * <pre>
 *   request line over 4 KiB                                   414
 *   headers over http.max-header-bytes                        431
 *   a version other than HTTP/1.0 and HTTP/1.1                505
 *   Content-Length with Transfer-Encoding, either twice,
 *   a Content-Length that is not digits, Host twice,
 *   a malformed line, header or chunk, input ending mid-request,
 *   HTTP/1.1 without Host, Transfer-Encoding on HTTP/1.0      400
 *   Transfer-Encoding other than "chunked"                    501
 * </pre>
 *
 * Every one is a failure of the {@link HttpCodec}'s decoder, which reads nothing after it.
 *
 * A request body over the limit is not one of these: its length is known, so it is skipped and
 * answered 413 while the connection goes on.
 */
final class RequestFraming {

    /** Why a request ends its connection: the answer, and the close's reason in the metric. */
    record Rejection(HttpResponseStatus status, String message, ConnectionCloses.Reason reason) {
    }

    private RequestFraming() {
    }

    /** The rejection of {@code request}, or null when it may be served (and the connection go on). */
    static Rejection check(FullHttpRequest request) {
        return request.decoderResult().isFailure() ? decoderFailure(request.decoderResult().cause()) : null;
    }

    private static Rejection decoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "Request Header Fields Too Large", ConnectionCloses.Reason.MAX_HEADER_BYTES);
        }
        if (cause instanceof TooLongHttpLineException) {
            return malformed(HttpResponseStatus.REQUEST_URI_TOO_LONG, "URI Too Long: the request line is over 4096 bytes");
        }
        if (cause instanceof HttpCodec.UnsupportedCoding) {
            return malformed(HttpResponseStatus.NOT_IMPLEMENTED, "Not Implemented: " + cause.getMessage());
        }
        if (cause instanceof HttpCodec.UnsupportedVersion) {
            return malformed(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP Version Not Supported: use HTTP/1.1");
        }
        String detail = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return malformed(HttpResponseStatus.BAD_REQUEST, "Bad Request: malformed HTTP" + detail);
    }

    private static Rejection malformed(HttpResponseStatus status, String message) {
        return new Rejection(status, message, ConnectionCloses.Reason.MALFORMED_REQUEST);
    }
}
