package dev.tachyon.server.observability.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.classic.AsyncAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Tachyon's log setup: every line to stderr, never stdout (stdout carries MCP under stdio),
 * through an asynchronous appender that never blocks the caller (when its queue is full,
 * INFO and below are dropped before WARN and ERROR), as text or as {@linkplain JsonLineEncoder
 * JSON lines}. Level INFO.
 *
 * <p>It applies only when Tachyon configured logback itself ({@link TachyonLogConfigurator}):
 * a {@code logback.xml} on the class path or {@code -Dlogback.configurationFile} wins, and so
 * does any other SLF4J backend an embedder chose.
 */
public final class Logs {

    /** The text layout: time, level, thread, logger, message, then key-value pairs. */
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%replace( %kvp{NONE}){'^ $', ''}%n";
    private static final String APPENDER = "tachyon-async";
    private static final int QUEUE_SIZE = 8192;
    private static volatile boolean ours;

    private Logs() {
    }

    /** Installs the setup in {@code context}, replacing what its root logger had. */
    static void install(LoggerContext context, boolean json) {
        context.getStatusManager().add(new StderrStatusListener());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.INFO);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("tachyon-stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, json));
        console.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(APPENDER);
        async.setQueueSize(QUEUE_SIZE);
        async.setNeverBlock(true);
        async.setIncludeCallerData(false);
        async.setMaxFlushTime(AsyncAppenderBase.DEFAULT_MAX_FLUSH_TIME);
        async.addAppender(console);
        async.start();
        root.addAppender(async);
        ours = true;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonLineEncoder encoder = new JsonLineEncoder();
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    /**
     * Switches the format ({@code tachyon.log.format}); does nothing when logging is not
     * Tachyon's to configure.
     *
     * @return whether the format was applied
     */
    public static boolean format(boolean json) {
        LoggerContext context = context();
        if (context == null || !ours) {
            return false;
        }
        install(context, json);
        return true;
    }

    /** Writes out what the asynchronous appender still holds (for up to a second) and stops logging. */
    public static void flush() {
        LoggerContext context = context();
        if (context != null && ours) {
            context.stop();
        }
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext ? (LoggerContext) factory : null;
    }

    /**
     * Prints logback's own warnings and errors to stderr. Its presence also keeps logback from
     * printing its status to stdout when configuration goes wrong.
     */
    private static final class StderrStatusListener implements StatusListener {
        @Override
        public void addStatusEvent(Status status) {
            if (status.getEffectiveLevel() >= Status.WARN) {
                System.err.println("logback: " + status);
            }
        }

        @Override
        public boolean isResetResistant() {
            return true;
        }
    }
}
