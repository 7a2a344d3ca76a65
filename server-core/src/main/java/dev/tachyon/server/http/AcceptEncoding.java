package dev.tachyon.server.http;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 section 12.5.3) for the one coding this
 * server compresses with, gzip.
 *
 * <p>gzip is accepted when the header names {@code gzip} (or its alias {@code x-gzip}) with a
 * weight above zero, or names neither but has {@code *} with a weight above zero. No header, an
 * empty one, {@code gzip;q=0} or {@code *;q=0} without gzip: identity. Weights that do not
 * parse count as 1 (the default weight), as a lenient reader does ({@link QualityValue}). A client that refuses
 * identity too ({@code identity;q=0}) still gets identity below the size threshold: RFC 9110
 * allows answering without a 406 then.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /** Whether {@code header} (may be null) accepts gzip. */
    static boolean acceptsGzip(String header) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        double gzip = -1;
        double any = -1;
        int start = 0;
        int len = header.length();
        while (start <= len) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            int semi = header.indexOf(';', start);
            int nameEnd = semi >= 0 && semi < end ? semi : end;
            String name = header.substring(start, nameEnd).trim();
            double q = QualityValue.of(header, start, end);
            if (name.equalsIgnoreCase("gzip") || name.equalsIgnoreCase("x-gzip")) {
                gzip = Math.max(gzip, q);
            } else if (name.equals("*")) {
                any = Math.max(any, q);
            }
            start = end + 1;
        }
        return gzip >= 0 ? gzip > 0 : any > 0;
    }
}
