package dev.tachyon.server.testing;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.codec.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** JSON for tests: the project's own reader and writer, and casts that fail the test with a reason. */
public final class TestJson {

    private TestJson() {
    }

    /**
     * Decodes one JSON value with {@link JsonValues} (objects become {@code Map<String, Object>},
     * integers {@code Long}, other numbers {@code Double}).
     *
     * @throws IllegalArgumentException when the bytes are not exactly one valid JSON value
     */
    public static Object read(byte[] utf8) {
        RawJson.of(new String(utf8, StandardCharsets.UTF_8)); // validates: JsonValues wants valid input
        ByteBuf buf = Unpooled.wrappedBuffer(utf8);
        try {
            return JsonValues.read(buf, 0, utf8.length);
        } finally {
            buf.release();
        }
    }

    /** Any value {@link JsonOut#value} writes (maps, lists, strings, numbers, {@link RawJson}...), as JSON text. */
    public static String write(Object value) {
        ByteBuf buf = Unpooled.buffer(128);
        try {
            JsonOut.value(buf, value);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    /** Casts a decoded JSON object, failing the test when it is something else. */
    @SuppressWarnings("unchecked") // JsonValues decodes objects as Map<String, Object>
    public static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + " is not a JSON object: " + value);
        }
        return (Map<String, Object>) value;
    }

    /** Casts a decoded JSON array, failing the test when it is something else. */
    @SuppressWarnings("unchecked") // JsonValues decodes arrays as List<Object>
    public static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new AssertionError(what + " is not a JSON array: " + value);
        }
        return (List<Object>) value;
    }
}
