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
import java.time.ZoneOffset;
import java.util.TimeZone;
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

    private static final String APPENDER = "tachyon-async";
    private static final int QUEUE_SIZE = 8192;
    private static volatile boolean ours;
    /** The format installed while {@link #ours}: whether JSON lines. */
    private static volatile boolean installedJson;
    /** The thread of {@link #initializeInBackground()}, while it may still run; null otherwise. */
    private static volatile Thread initializing;

    private Logs() {
    }

    /**
     * The default time zone's offset now, as logback's {@code %d} takes a zone ({@code +01:00},
     * {@code Z}). Not the zone itself: a region zone ({@code Europe/Paris}, even {@code UTC})
     * initializes {@code java.time}'s zone-rules providers, a service lookup that opens every jar
     * of the class path, a tenth of a second of a cold start. An offset is exact for every line
     * (it is printed with the time), and a process that lives through a change of daylight
     * saving time keeps writing its start's offset.
     */
    private static String startOffset() {
        int seconds = TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 1000;
        return ZoneOffset.ofTotalSeconds(seconds).getId();
    }

    /**
     * The text layout: time (with the local offset of the process's start), level, thread,
     * logger, message, then key-value pairs. Made on first use, by the thread that installs the
     * setup (the logging thread of a cold start), not in Logs' initializer, which the CLI's main
     * thread runs: the default time zone reads and parses the JDK's time-zone database, some
     * 10-20 ms of a stdio start's critical path.
     */
    static String textPattern() {
        return "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, " + startOffset()
                + "} %-5level [%thread] %logger{36} - %msg%replace( %kvp{NONE}){'^ $', ''}%n";
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
        installedJson = json;
        ours = true;
    }

    /**
     * Starts logging's initialization (SLF4J finding logback, logback finding its configurators
     * over the class path, the appenders and their thread) on a thread of its own, so that it
     * overlaps the configuration loading of a cold start instead of following it: a fifth of a
     * stdio server's start. {@link #format} waits for it. Calls only once, from the CLI's main.
     *
     * @param then more start-up work for the same thread once logging is up ({@code serve}'s
     *             Netty warm-up): not before, since whatever it logs while SLF4J initializes
     *             would be replayed with a warning on stderr; {@link #format} waits for it too
     */
    public static void initializeInBackground(Runnable then) {
        Thread thread = new Thread(() -> {
            LoggerFactory.getILoggerFactory();
            then.run();
        }, "tachyon-log-init");
        thread.setDaemon(true);
        initializing = thread;
        thread.start();
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
        encoder.setPattern(textPattern());
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
        awaitInitialized();
        LoggerContext context = context();
        if (context == null || !ours) {
            return false;
        }
        if (installedJson != json) { // the configurator installed text: a second setup would only cost a start time
            install(context, json);
        }
        return true;
    }

    /**
     * Waits for {@link #initializeInBackground()}'s thread: until it ends, SLF4J hands out
     * stand-in loggers and no {@link LoggerContext}, so the format could not be applied.
     */
    private static void awaitInitialized() {
        Thread thread = initializing;
        if (thread == null) {
            return;
        }
        try {
            thread.join();
            initializing = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes out what the asynchronous appender still holds (for up to a second) and stops logging. */
    public static void flush() {
        awaitInitialized();
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
