package dev.tachyon.codec;

import java.io.ByteArrayOutputStream;

/**
 * The JSON string encoding JsonOut has always produced, written the plainest way, one char at
 * a time, as the oracle for its fast paths: {@code "}, {@code \} and the named control chars
 * as two-char escapes, other chars below 0x20 as a six-char escape (backslash, u, four lower-case hex digits), everything
 * else as UTF-8, a surrogate pair as one 4-byte sequence and a lone surrogate as U+FFFD.
 */
final class CharByCharJson {

    private CharByCharJson() {
    }

    static byte[] quoted(CharSequence s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
            String escape = switch (cp) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> cp < 0x20 ? String.format("\\u%04x", cp) : null;
            };
            byte[] bytes = escape != null ? escape.getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                    : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeBytes(bytes);
        }
        out.write('"');
        return out.toByteArray();
    }
}
