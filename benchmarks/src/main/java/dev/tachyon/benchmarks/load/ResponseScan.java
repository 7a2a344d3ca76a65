package dev.tachyon.benchmarks.load;

/**
 * Reads what the generator needs from one JSON-RPC response, without building anything: the
 * numeric id, whether it is a result or an error, the error's code, and a tool result's
 * {@code isError}. Members may come in any order ({@code id} is last in some SDKs' output).
 *
 * <p>Not a validator: it trusts the server to send JSON and only walks the structure far
 * enough to find those members. Anything it cannot read is reported as {@link #MALFORMED}.
 * One instance per event loop; {@link #scan} overwrites the previous answer.
 */
final class ResponseScan {

    /** No numeric id could be read (a string id, {@code null}, or a broken message). */
    static final long MALFORMED = Long.MIN_VALUE;

    private byte[] a;
    private int end;
    private int pos;

    long id;
    boolean hasResult;
    boolean hasError;
    int errorCode;
    /** A tool result with {@code "isError": true}. */
    boolean toolError;
    /** A message with a {@code method}: a request or notification from the server, not an answer. */
    boolean hasMethod;

    /**
     * Scans {@code bytes[start, end)}.
     *
     * @return true when the message is an object holding an id that is a JSON integer
     */
    boolean scan(byte[] bytes, int start, int end) {
        this.a = bytes;
        this.end = end;
        this.pos = start;
        id = MALFORMED;
        hasResult = false;
        hasError = false;
        hasMethod = false;
        errorCode = 0;
        toolError = false;
        try {
            topLevel();
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            id = MALFORMED;
        }
        return id != MALFORMED;
    }

    private void topLevel() {
        skipWs();
        expect('{');
        skipWs();
        if (a[pos] == '}') {
            return;
        }
        while (true) {
            skipWs();
            int nameStart = pos + 1;
            skipString();
            int nameEnd = pos - 1;
            skipWs();
            expect(':');
            skipWs();
            if (is(nameStart, nameEnd, "id")) {
                readId();
            } else if (is(nameStart, nameEnd, "result")) {
                hasResult = true;
                members(false);
            } else if (is(nameStart, nameEnd, "error")) {
                hasError = true;
                members(true);
            } else {
                if (is(nameStart, nameEnd, "method")) {
                    hasMethod = true;
                }
                skipValue();
            }
            skipWs();
            if (a[pos] == ',') {
                pos++;
                continue;
            }
            expect('}');
            return;
        }
    }

    /** Walks the members of a result or error object, noting {@code isError} or {@code code}. */
    private void members(boolean error) {
        if (a[pos] != '{') {
            skipValue();
            return;
        }
        pos++;
        skipWs();
        if (a[pos] == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            int nameStart = pos + 1;
            skipString();
            int nameEnd = pos - 1;
            skipWs();
            expect(':');
            skipWs();
            if (error && is(nameStart, nameEnd, "code")) {
                errorCode = (int) readLong();
            } else if (!error && is(nameStart, nameEnd, "isError") && a[pos] == 't') {
                toolError = true;
                skipValue();
            } else {
                skipValue();
            }
            skipWs();
            if (a[pos] == ',') {
                pos++;
                continue;
            }
            expect('}');
            return;
        }
    }

    private void readId() {
        byte c = a[pos];
        if (c == '-' || (c >= '0' && c <= '9')) {
            id = readLong();
        } else {
            skipValue(); // a string or null id: not one of ours
        }
    }

    private long readLong() {
        boolean negative = a[pos] == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end && a[pos] >= '0' && a[pos] <= '9') {
            value = value * 10 + (a[pos++] - '0');
            digits++;
        }
        if (digits == 0 || digits > 18 || (pos < end && (a[pos] == '.' || a[pos] == 'e' || a[pos] == 'E'))) {
            throw new IllegalStateException("not an integer id");
        }
        return negative ? -value : value;
    }

    private void skipValue() {
        byte c = a[pos];
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                c = a[pos];
                if (c == '"') {
                    skipString();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                pos++;
            } while (depth > 0);
        } else {
            while (pos < end) {
                c = a[pos];
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                }
                pos++;
            }
        }
    }

    /** Skips a string starting at its opening quote; leaves {@code pos} after the closing quote. */
    private void skipString() {
        expect('"');
        while (true) {
            if (pos >= end) {
                throw new IllegalStateException("unterminated string");
            }
            byte c = a[pos++];
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return;
            }
        }
    }

    private void skipWs() {
        while (pos < end) {
            byte c = a[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (pos >= end || a[pos] != c) {
            throw new IllegalStateException("expected " + c);
        }
        pos++;
    }

    private boolean is(int start, int stop, String name) {
        if (stop - start != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (a[start + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
