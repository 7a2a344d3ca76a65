package dev.tachyon.server.schema;

/**
 * RFC 9110 5.6.2 {@code token}: one or more {@code tchar}, the characters an HTTP header name may
 * hold (letters, digits and {@code !#$%&'*+-.^_`|~}; no control characters, spaces, separators or
 * bytes over 0x7e). One definition for the two readers: the HTTP codec checks a decoded header
 * name's bytes with {@link #isTchar(int)} on every request, and {@link MirroredParameters} checks
 * an {@code x-mcp-header} name with {@link #isToken(String)} when a tool is built.
 *
 * <p>It lives here rather than in {@code http} because the HTTP transport already depends on this
 * package (through the engine), not the other way round. Not part of tachyon-core's public API:
 * no type of {@code dev.tachyon.api} or {@code dev.tachyon.server} names it.
 */
public final class HttpToken {

    /** By byte value: whether it is a {@code tchar}. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpToken() {
    }

    /**
     * Whether a byte is a {@code tchar}.
     *
     * @param b a byte's value; only its low eight bits are read, so a signed {@code byte} may be passed as it is
     */
    public static boolean isTchar(int b) {
        return TCHAR[b & 0xff];
    }

    /**
     * Whether {@code name} is a token: not empty, every character a {@code tchar} (so none above 0x7e).
     *
     * @param name the text to check
     */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xff || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }
}
