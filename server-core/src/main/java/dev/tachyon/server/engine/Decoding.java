package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonValues;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Decoding of validated JSON spans into Java values. Linear in the span's size: numbers past
 * a few dozen digits stay text ({@link dev.tachyon.codec.JsonNumber}) until a handler reads
 * them, with the configured digit bound; the scanner has refused duplicate member names in
 * params, so no decoder ever has to pick one of two values.
 */
final class Decoding {

    private Decoding() {
    }

    /** The value in {@code frame[start, end)}; numbers keep {@code maxNumberDigits} for when they are read. */
    static Object read(ByteBuf frame, int start, int end, int maxNumberDigits) {
        try {
            return JsonValues.read(frame, start, end, maxNumberDigits);
        } catch (IllegalArgumentException e) {
            // A duplicate name where the scanner does not look for them (it does in params and
            // everywhere else in a message): the client's mistake all the same, never a crash.
            throw McpException.invalidParams(e.getMessage());
        }
    }

    /** The value if it is an object, else null. */
    @SuppressWarnings("unchecked") // JsonValues decodes objects as Map<String, Object>
    static Map<String, Object> objectOrNull(ByteBuf frame, int start, int end, int maxNumberDigits) {
        Object value = read(frame, start, end, maxNumberDigits);
        return value instanceof Map ? (Map<String, Object>) value : null;
    }
}
