package dev.tachyon.server.http;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 section 12.5.3) for the one coding this
 * server compresses with, gzip.
 *
 * <p>gzip is accepted when the header names {@code gzip} (or its alias {@code x-gzip}) with a
 * weight above zero, or names neither but has {@code *} with a weight above zero. No header, an
 * empty one, {@code gzip;q=0} or {@code *;q=0} without gzip: identity. Weights that do not
 * parse count as 1 (the default weight), as a lenient reader does. A client that refuses
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
        float gzip = -1;
        float any = -1;
        int start = 0;
        int len = header.length();
        while (start <= len) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            int semi = header.indexOf(';', start);
            int nameEnd = semi >= 0 && semi < end ? semi : end;
            String name = header.substring(start, nameEnd).trim();
            float q = nameEnd < end ? weight(header.substring(nameEnd + 1, end)) : 1f;
            if (name.equalsIgnoreCase("gzip") || name.equalsIgnoreCase("x-gzip")) {
                gzip = Math.max(gzip, q);
            } else if (name.equals("*")) {
                any = Math.max(any, q);
            }
            start = end + 1;
        }
        return gzip >= 0 ? gzip > 0 : any > 0;
    }

    /** The {@code q} of parameters such as {@code " q=0.5"}; 1 when absent or unreadable. */
    private static float weight(String params) {
        for (String param : params.split(";")) {
            String p = param.trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Float.parseFloat(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 1f;
                }
            }
        }
        return 1f;
    }
}
