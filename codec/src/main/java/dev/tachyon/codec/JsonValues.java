package dev.tachyon.codec;

import com.jsoniter.JsonIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON that has already passed {@link EnvelopeScanner} into plain Java values, for
 * handler code that wants ordinary objects.
 *
 * <p>Objects become {@code LinkedHashMap<String, Object>} (member order kept; on a duplicate
 * name the last wins), arrays {@code ArrayList<Object>}, strings {@code String}, integers
 * {@code Long} (or {@code BigInteger} beyond a long), other numbers {@code Double} (or
 * {@code BigDecimal} when a double cannot hold them), {@code true/false} {@code Boolean}, and
 * {@code null} Java {@code null}. Input that was not validated gives undefined results.
 *
 * <p>"Cannot hold" means the magnitude overflows to infinity or a non-zero number underflows
 * to zero; an ordinary decimal such as {@code 0.1} becomes the nearest double. A number whose
 * exponent is beyond {@code BigDecimal}'s range (about 10<sup>&plusmn;2147483647</sup>) is valid
 * JSON that no Java number holds: decoding it throws {@link NumberFormatException}. Nesting is
 * decoded recursively, which is safe for input the scanner limited in depth.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Decodes the JSON value in {@code buf[start, end)}. */
    public static Object read(ByteBuf buf, int start, int end) {
        if (buf.getByte(start) == '"' && end - start >= 2) {
            return stringContent(buf, start + 1, end - 1); // no copy, no iterator for a lone string
        }
        // jsoniter's iterator API reads byte arrays only; handlers that want trees accept one copy.
        JsonIterator json = JsonIterator.parse(ByteBufUtil.getBytes(buf, start, end - start, false));
        try {
            return value(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the input is an array, not a stream
        }
    }

    /** Decodes raw string content (between the quotes, escapes not yet resolved) in {@code buf[start, end)}. */
    public static String stringContent(ByteBuf buf, int start, int end) {
        if (buf.indexOf(start, end, (byte) '\\') < 0) {
            return buf.toString(start, end - start, StandardCharsets.UTF_8);
        }
        byte[] quoted = new byte[end - start + 2];
        quoted[0] = '"';
        buf.getBytes(start, quoted, 1, end - start);
        quoted[quoted.length - 1] = '"';
        try {
            return JsonIterator.parse(quoted).readString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // jsoniter 0.9.23 was checked before use: its readString decodes every escape, \\u pairs and
    // 4-byte UTF-8 into correct UTF-16 (see JsonValuesTest). Its number readers are not used:
    // readDouble goes through its own fast path, so numbers are taken as text and parsed by the JDK.
    private static Object value(JsonIterator json) throws IOException {
        switch (json.whatIsNext()) {
            case OBJECT:
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = json.readObject(); name != null; name = json.readObject()) {
                    object.put(name, value(json));
                }
                return object;
            case ARRAY:
                List<Object> array = new ArrayList<>();
                while (json.readArray()) {
                    array.add(value(json));
                }
                return array;
            case STRING:
                return json.readString();
            case NUMBER:
                return number(json.readNumberAsString());
            case BOOLEAN:
                return json.readBoolean();
            case NULL:
                json.readNull();
                return null;
            default:
                throw new IllegalArgumentException("not a JSON value: " + json.currentBuffer());
        }
    }

    /** Applies the number rules of the class comment to a validated JSON number. */
    static Number number(String text) {
        boolean integer = true;
        for (int k = 0; k < text.length() && integer; k++) {
            char c = text.charAt(k);
            integer = c != '.' && c != 'e' && c != 'E';
        }
        if (integer) {
            // 18 digits (plus a sign) always fit a long; longer texts are checked exactly.
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < Long.SIZE ? (Number) big.longValue() : big;
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d) || (d == 0 && !isZero(text))) {
            return new BigDecimal(text);
        }
        return d;
    }

    /** Whether the number's digits before any exponent are all zero. */
    private static boolean isZero(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }
}
