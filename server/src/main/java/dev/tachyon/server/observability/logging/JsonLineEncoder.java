package dev.tachyon.server.observability.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Encodes each log event as one JSON object on one line, for log shippers:
 *
 * <pre>
 * {"time":"2026-01-02T03:04:05.678Z","level":"WARN","logger":"dev.tachyon.server.engine.Offload",
 *  "thread":"tachyon-io-3-1","message":"tools/call failed in session tcp-7","session":"tcp-7",
 *  "requestId":"12","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","error":"java.io.IOException: ..."}
 * </pre>
 * (one line in the output). {@code session}, {@code requestId} and {@code traceId} come from
 * the event's key-value pairs (SLF4J's fluent API) or, failing that, its MDC; they are left out
 * when neither has them. Other key-value pairs and MDC entries follow under their own names,
 * unless a name is one of the fixed fields. {@code error} holds the exception with its stack
 * trace. Newlines inside values are escaped, so one event is always exactly one line.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final String[] CONTEXT = {"session", "requestId", "traceId", "spanId"};
    private static final List<String> FIXED = List.of("time", "level", "logger", "thread", "message", "error",
            "session", "requestId", "traceId", "spanId");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "time", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
        field(json, "level", event.getLevel().toString());
        field(json, "logger", event.getLoggerName());
        field(json, "thread", event.getThreadName());
        field(json, "message", event.getFormattedMessage());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        Map<String, String> mdc = event.getMDCPropertyMap();
        for (String name : CONTEXT) {
            Object value = valueOf(pairs, name);
            if (value == null && mdc != null) {
                value = mdc.get(name);
            }
            if (value != null) {
                field(json, name, String.valueOf(value));
            }
        }
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (pair.key != null && !FIXED.contains(pair.key) && pair.value != null) {
                    field(json, pair.key, String.valueOf(pair.value));
                }
            }
        }
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!FIXED.contains(entry.getKey()) && valueOf(pairs, entry.getKey()) == null
                        && entry.getValue() != null) {
                    field(json, entry.getKey(), entry.getValue());
                }
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(json, "error", ThrowableProxyUtil.asString(thrown));
        }
        json.setCharAt(json.length() - 1, '}'); // replaces the last field's comma
        json.append('\n');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static Object valueOf(List<KeyValuePair> pairs, String key) {
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (key.equals(pair.key)) {
                    return pair.value;
                }
            }
        }
        return null;
    }

    /** Appends {@code "name":"value",}. */
    private static void field(StringBuilder json, String name, String value) {
        string(json, name);
        json.append(':');
        string(json, value == null ? "" : value);
        json.append(',');
    }

    /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        // Control characters, and the line separators some readers split lines on.
                        json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }
}
