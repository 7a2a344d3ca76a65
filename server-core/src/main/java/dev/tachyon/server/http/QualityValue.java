package dev.tachyon.server.http;

/**
 * The weight ({@code ;q=}, RFC 9110 section 12.4.2) of one element of a comma-separated header
 * such as {@code Accept} or {@code Accept-Encoding}, read in place. One reading for every such
 * header, so each refuses by {@code q=0} alike.
 */
final class QualityValue {

    private QualityValue() {
    }

    /**
     * The weight of the element {@code value[from, to)}: the {@code q} parameter after its first
     * {@code ;} (name in any case, spaces around it allowed), or 1 when it has none or it does not
     * parse, as a lenient reader does.
     */
    static double of(String value, int from, int to) {
        int semicolon = value.indexOf(';', from);
        if (semicolon < 0 || semicolon >= to) {
            return 1;
        }
        for (String param : value.substring(semicolon + 1, to).split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(param.substring(eq + 1).trim());
                    return Double.isNaN(q) ? 1 : q;
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }
}
