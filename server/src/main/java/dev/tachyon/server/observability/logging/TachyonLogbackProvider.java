package dev.tachyon.server.observability.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider {@code tachyon}'s main names ({@code -Dslf4j.provider}): logback with
 * {@link Logs}' setup installed directly, without logback's automatic configuration, which
 * looks for configurator services over every jar of the class path (about a hundred in the
 * distribution: opening them all was the longest part of a cold start's logging set-up,
 * itself longer than the configuration's load).
 *
 * <p>With {@code -Dlogback.configurationFile} (the distribution's way to bring a logback
 * configuration: {@code lib/*} holds jars only) logback reads that file instead, and
 * {@code tachyon.log.format} does not apply. An embedder who does not run {@code tachyon}'s
 * main never meets this class.
 */
public final class TachyonLogbackProvider implements SLF4JServiceProvider {

    /** logback's property naming a configuration file; with it logback configures itself. */
    static final String CONFIGURATION_FILE = "logback.configurationFile";

    private LoggerContext context;
    private IMarkerFactory markers;
    private LogbackMDCAdapter mdc;

    /** What LogbackServiceProvider.initialize() does, with its automatic configuration replaced. */
    @Override
    public void initialize() {
        context = new LoggerContext();
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        if (System.getProperty(CONFIGURATION_FILE) != null) {
            // The file alone, as the README promises (logback's automatic configuration would run
            // the service-loaded TachyonLogConfigurator first, which leaves the file unread).
            DefaultJoranConfigurator file = new DefaultJoranConfigurator();
            file.setContext(context);
            file.configure(context);
            new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
        } else {
            Logs.install(context, false);
        }
        context.start();
        markers = new BasicMarkerFactory();
        mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return LogbackServiceProvider.REQUESTED_API_VERSION;
    }
}
