package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonValues;
import dev.tachyon.server.McpException;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Decoding of validated JSON spans into Java values, where valid JSON can still fail: a number
 * no Java type holds ({@code 1e99999999999}). Such input is the client's mistake, answered with
 * {@code -32602}, never a reason to drop the connection.
 */
final class Decoding {

    private Decoding() {
    }

    /** The value in {@code frame[start, end)}. */
    static Object read(ByteBuf frame, int start, int end) {
        try {
            return JsonValues.read(frame, start, end);
        } catch (NumberFormatException e) {
            throw McpException.invalidParams("a number is out of the range this server can represent");
        }
    }

    /** The value if it is an object, else null. */
    @SuppressWarnings("unchecked") // JsonValues decodes objects as Map<String, Object>
    static Map<String, Object> objectOrNull(ByteBuf frame, int start, int end) {
        Object value = read(frame, start, end);
        return value instanceof Map ? (Map<String, Object>) value : null;
    }
}
