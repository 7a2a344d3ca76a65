package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON-RPC 2.0 envelopes into a buffer: responses, errors, notifications and requests.
 *
 * <p>Messages are written without a line terminator; the transport frames them. Ids are
 * written from the bytes the client sent, so a 20-digit integer or an escaped string comes
 * back byte-identical.
 *
 * <pre>
 *   beginResult:       {"jsonrpc":"2.0","id":&lt;id bytes&gt;,"result":
 *   (caller writes the result value)
 *   end:               }
 * </pre>
 */
public final class JsonRpcWriter {

    private static final byte[] ID_PREFIX = ascii("{\"jsonrpc\":\"2.0\",\"id\":");
    private static final byte[] RESULT = ascii(",\"result\":");
    private static final byte[] ERROR_CODE = ascii(",\"error\":{\"code\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] DATA = ascii(",\"data\":");
    private static final byte[] NOTIFICATION_PREFIX = ascii("{\"jsonrpc\":\"2.0\",\"method\":");
    private static final byte[] METHOD = ascii(",\"method\":");
    private static final byte[] PARAMS = ascii(",\"params\":");
    private static final byte[] NULL = ascii("null");

    private JsonRpcWriter() {
    }

    /** Writes {@code {"jsonrpc":"2.0","id":<id>,"result":}; the id is copied from {@code src[idStart, idEnd)}. */
    public static void beginResult(ByteBuf out, ByteBuf src, int idStart, int idEnd) {
        ShortCopies.append(out, ID_PREFIX, src, idStart, idEnd - idStart, RESULT); // one reserve for the three
    }

    /** Writes {@code {"jsonrpc":"2.0","id":<id>,"result":} with the id's JSON bytes. */
    public static void beginResult(ByteBuf out, byte[] id) {
        ShortCopies.append(out, ID_PREFIX);
        ShortCopies.append(out, id);
        ShortCopies.append(out, RESULT);
    }

    /** Closes a message begun by any {@code begin...} method. */
    public static void end(ByteBuf out) {
        out.writeByte('}');
    }

    /** A whole result message whose result is {@code resultJson}. */
    public static void result(ByteBuf out, byte[] id, byte[] resultJson) {
        beginResult(out, id);
        out.writeBytes(resultJson);
        end(out);
    }

    /**
     * A whole error response.
     *
     * @param id the request id's JSON bytes, or null for {@code "id":null}
     * @param data the error's {@code data} (any value {@link JsonOut#value} writes), or null to omit it
     */
    public static void error(ByteBuf out, byte[] id, int code, String message, Object data) {
        out.writeBytes(ID_PREFIX);
        out.writeBytes(id == null ? NULL : id);
        out.writeBytes(ERROR_CODE);
        JsonOut.number(out, code);
        out.writeBytes(MESSAGE);
        JsonOut.string(out, message);
        if (data != null) {
            out.writeBytes(DATA);
            JsonOut.value(out, data);
        }
        out.writeByte('}');
        out.writeByte('}');
    }

    /** Writes {@code {"jsonrpc":"2.0","method":"<method>","params":}. */
    public static void beginNotification(ByteBuf out, String method) {
        out.writeBytes(NOTIFICATION_PREFIX);
        JsonOut.string(out, method);
        out.writeBytes(PARAMS);
    }

    /** Writes {@code {"jsonrpc":"2.0","id":<id>,"method":"<method>","params":} for a server-to-client request. */
    public static void beginRequest(ByteBuf out, long id, String method) {
        out.writeBytes(ID_PREFIX);
        JsonOut.number(out, id);
        out.writeBytes(METHOD);
        JsonOut.string(out, method);
        out.writeBytes(PARAMS);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
