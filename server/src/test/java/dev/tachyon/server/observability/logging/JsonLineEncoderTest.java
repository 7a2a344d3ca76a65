package dev.tachyon.server.observability.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.tachyon.server.testing.TestJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {

    /** A context as SLF4J's provider makes it: with an MDC adapter. */
    static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private final LoggerContext context = context();
    private final Logger logger = context.getLogger("dev.tachyon.test.Thing");

    private static Map<String, Object> encode(LoggingEvent event) {
        byte[] line = new JsonLineEncoder().encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), text);
        assertEquals(text.length() - 1, text.indexOf('\n'), "exactly one line: " + text);
        return TestJson.map(TestJson.read(line), "event");
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, level, message, thrown, args);
        event.setThreadName("tachyon-io-1");
        event.setTimeStamp(1_767_322_245_678L);
        return event;
    }

    @Test
    void oneObjectWithTheFixedFields() {
        Map<String, Object> json = encode(event(Level.INFO, "ready on {}", null, "tcp 127.0.0.1:7800"));
        assertEquals(Map.of("time", "2026-01-02T02:50:45.678Z", "level", "INFO", "logger", "dev.tachyon.test.Thing",
                "thread", "tachyon-io-1", "message", "ready on tcp 127.0.0.1:7800"), json);
    }

    @Test
    void requestContextFromKeyValuesOrTheMdc() {
        LoggingEvent event = event(Level.WARN, "tools/call failed", new java.io.IOException("disk\non fire"));
        event.addKeyValuePair(new KeyValuePair("session", "tcp-7"));
        event.addKeyValuePair(new KeyValuePair("requestId", "\"abc\""));
        event.addKeyValuePair(new KeyValuePair("tool", "report"));
        event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "session", "ignored", "tenant", "t1"));
        Map<String, Object> json = encode(event);
        assertEquals("tcp-7", json.get("session"), "key-value pairs win over the MDC");
        assertEquals("\"abc\"", json.get("requestId"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", json.get("traceId"));
        assertEquals("report", json.get("tool"));
        assertEquals("t1", json.get("tenant"));
        String error = (String) json.get("error");
        assertTrue(error.startsWith("java.io.IOException: disk\non fire"), error);
        assertTrue(error.contains("\tat "), "with the stack trace: " + error);
    }

    @Test
    void missingContextIsLeftOut() {
        Map<String, Object> json = encode(event(Level.ERROR, "plain", null));
        assertFalse(json.containsKey("session"));
        assertFalse(json.containsKey("traceId"));
        assertFalse(json.containsKey("error"));
    }

    @Test
    void controlCharactersAndSeparatorsAreEscaped() {
        String message = "quote \" backslash \\ tab \t nul \u0000 bell \u0007 ls \u2028 ps \u2029 e\u0301 \uD83D\uDE00";
        LoggingEvent event = event(Level.INFO, message, null);
        String text = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);
        assertTrue(text.contains("\\u0000") && text.contains("\\u0007") && text.contains("\\u2028")
                && text.contains("\\u2029") && text.contains("\\t"), text);
        assertEquals(message, encode(event).get("message"));
        assertEquals(List.of(), List.of(text.substring(0, text.length() - 1).split("\n")).subList(1, 1));
    }
}
