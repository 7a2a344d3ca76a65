package dev.tachyon.server.http;

/**
 * Whether and how the HTTP transport compresses JSON response bodies
 * ({@code tachyon.http.compression}): with gzip, only for a request whose
 * {@code Accept-Encoding} accepts it (weights honoured, {@code q=0} refuses), only for a body of
 * at least {@link #minBytes()}, never for an SSE stream. Every JSON response of an endpoint
 * that may compress says {@code Vary: Accept-Encoding}, compressed or not, so caches keep the
 * forms apart. The body is compressed after the engine wrote it whole: a small one on the
 * connection's event loop, one of 32 KiB or more off it (on the worker that produced it, or on
 * {@code GzipOffload}'s few threads, so that the loop's other connections do not wait; when
 * those are saturated it goes out as it is). The response-size bound ({@code limits.max-frame-bytes}) and the write budgets
 * apply to the uncompressed and the compressed bytes respectively (what the server builds, and
 * what waits for the socket).
 */
public final class HttpCompression {

    private static final HttpCompression OFF = new HttpCompression(false, 1024, 1);

    private final boolean enabled;
    private final int minBytes;
    private final int level;

    private HttpCompression(boolean enabled, int minBytes, int level) {
        this.enabled = enabled;
        this.minBytes = minBytes;
        this.level = level;
    }

    /**
     * @param minBytes bodies shorter than this go out as they are, {@code >= 0}
     * @param level    the deflate level, 1 (fastest) to 9 (smallest)
     * @throws IllegalArgumentException for a level outside 1..9 or a negative size
     */
    public static HttpCompression gzip(int minBytes, int level) {
        return of(true, minBytes, level);
    }

    /**
     * As configured: {@code enabled} false keeps the other two (so a configuration reads back
     * as written) but compresses nothing.
     *
     * @throws IllegalArgumentException for a level outside 1..9 or a negative size
     */
    public static HttpCompression of(boolean enabled, int minBytes, int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("compression level must be 1..9, was " + level);
        }
        if (minBytes < 0) {
            throw new IllegalArgumentException("compression min-bytes must be >= 0, was " + minBytes);
        }
        return new HttpCompression(enabled, minBytes, level);
    }

    /** No compression: every response goes out as it is, without {@code Vary}. */
    public static HttpCompression off() {
        return OFF;
    }

    /** The defaults of {@code reference.conf}: gzip at level 1 for bodies from 1 KiB. */
    public static HttpCompression defaults() {
        return gzip(1024, 1);
    }

    public boolean enabled() {
        return enabled;
    }

    public int minBytes() {
        return minBytes;
    }

    public int level() {
        return level;
    }

    /** Whether a request with this {@code Accept-Encoding} (may be null) gets gzip. */
    boolean gzipFor(String acceptEncoding) {
        return enabled && AcceptEncoding.acceptsGzip(acceptEncoding);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCompression && ((HttpCompression) o).enabled == enabled
                && ((HttpCompression) o).minBytes == minBytes && ((HttpCompression) o).level == level;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(enabled, minBytes, level);
    }

    @Override
    public String toString() {
        return enabled ? "gzip(min-bytes " + minBytes + ", level " + level + ")" : "off";
    }
}
