package dev.tachyon.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent, deliberately simple RFC 8259 validator to check {@link JsonValidator}
 * against: the JDK's strict UTF-8 decoder first, then recursive descent over chars, a regular
 * expression for numbers, and a UTF-16 well-formedness check of each decoded string. Slow and
 * recursive; for tests only.
 */
final class ReferenceJson {

    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private final String text;
    private final int maxDepth;
    private int pos;

    private ReferenceJson(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Whether {@code bytes} are one JSON value surrounded by whitespace, nested at most {@code maxDepth} deep. */
    static boolean isValid(byte[] bytes, int maxDepth) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        ReferenceJson json = new ReferenceJson(text, maxDepth);
        try {
            json.whitespace();
            json.value(1);
            json.whitespace();
            return json.pos == text.length();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void value(int depth) {
        char c = peek();
        if (c == '{' || c == '[') {
            if (depth > maxDepth) {
                throw new IllegalStateException("too deep");
            }
            container(depth, c == '{');
        } else if (c == '"') {
            string();
        } else if (text.startsWith("true", pos)) {
            pos += 4;
        } else if (text.startsWith("false", pos)) {
            pos += 5;
        } else if (text.startsWith("null", pos)) {
            pos += 4;
        } else {
            Matcher m = NUMBER.matcher(text).region(pos, text.length());
            if (!m.lookingAt()) {
                throw new IllegalStateException("not a value");
            }
            pos = m.end();
        }
    }

    private void container(int depth, boolean object) {
        char close = object ? '}' : ']';
        pos++;
        whitespace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            if (object) {
                if (peek() != '"') {
                    throw new IllegalStateException("name expected");
                }
                string();
                whitespace();
                expect(':');
                whitespace();
            }
            value(depth + 1);
            whitespace();
            char c = peek();
            pos++;
            if (c == close) {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException("comma expected");
            }
            whitespace();
        }
    }

    private void string() {
        StringBuilder decoded = new StringBuilder();
        pos++;
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                break;
            } else if (c < 0x20) {
                throw new IllegalStateException("control character");
            } else if (c != '\\') {
                decoded.append(c);
                continue;
            }
            char e = peek();
            pos++;
            int simple = "\"\\/bfnrt".indexOf(e);
            if (simple >= 0) {
                decoded.append("\"\\/\b\f\n\r\t".charAt(simple));
            } else if (e == 'u' && pos + 4 <= text.length() && text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                decoded.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                pos += 4;
            } else {
                throw new IllegalStateException("bad escape");
            }
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < decoded.length() && Character.isLowSurrogate(decoded.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalStateException("unpaired surrogate");
            }
        }
    }

    private void whitespace() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalStateException(c + " expected");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalStateException("end of input");
        }
        return text.charAt(pos);
    }
}
