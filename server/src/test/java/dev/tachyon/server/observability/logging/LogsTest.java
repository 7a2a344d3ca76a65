package dev.tachyon.server.observability.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tachyon.server.testing.TestJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The setup as installed: asynchronous, never blocking, to stderr, text or JSON. */
class LogsTest {

    /** Runs {@code body} against a fresh context set up by {@link Logs}; returns what reached stderr and stdout. */
    private static String[] capture(boolean json, java.util.function.Consumer<LoggerContext> body) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        LoggerContext context = JsonLineEncoderTest.context();
        try {
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            Logs.install(context, json);
            body.accept(context);
            context.stop(); // drains the asynchronous queue
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        return new String[] {errBytes.toString(StandardCharsets.UTF_8), outBytes.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void jsonLinesToStderrOnly() {
        String[] written = capture(true, context -> context.getLogger("dev.tachyon.x").atWarn()
                .addKeyValue("session", "tcp-1").addKeyValue("requestId", "2").addKeyValue("traceId", "abc")
                .log("failed {}", "badly"));
        assertEquals("", written[1], "nothing on stdout");
        Map<String, Object> line = TestJson.map(TestJson.read(written[0].strip().getBytes(StandardCharsets.UTF_8)), "line");
        assertEquals("failed badly", line.get("message"));
        assertEquals("WARN", line.get("level"));
        assertEquals("tcp-1", line.get("session"));
        assertEquals("2", line.get("requestId"));
        assertEquals("abc", line.get("traceId"));
    }

    @Test
    void textLinesCarryTheKeyValuesToo() {
        String[] written = capture(false, context -> context.getLogger("dev.tachyon.x").atInfo()
                .addKeyValue("session", "tcp-1").log("hello"));
        assertEquals("", written[1]);
        assertTrue(written[0].matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+ INFO  \\[[^]]+\\] dev\\.tachyon\\.x - hello session=tcp-1\\R"),
                written[0]);
    }

    @Test
    void textTimesAreExactInstantsWithTheLocalOffset() {
        long before = System.currentTimeMillis();
        String[] written = capture(false, context -> context.getLogger("dev.tachyon.x").info("hello"));
        long after = System.currentTimeMillis();
        OffsetDateTime time = OffsetDateTime.parse(written[0].substring(0, written[0].indexOf(' ')));
        assertTrue(time.toInstant().toEpochMilli() >= before && time.toInstant().toEpochMilli() <= after, written[0]);
        assertEquals(ZoneId.systemDefault().getRules().getOffset(time.toInstant()), time.getOffset());
    }

    @Test
    void theAppenderIsAsynchronousAndNeverBlocks() {
        capture(true, context -> {
            AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("tachyon-async");
            assertTrue(async.isNeverBlock());
            assertTrue(async.isStarted());
            assertEquals(8192, async.getQueueSize());
        });
    }
}
