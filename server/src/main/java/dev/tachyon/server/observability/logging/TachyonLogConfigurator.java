package dev.tachyon.server.observability.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's default configuration when nothing else configures it: {@link Logs}' text setup,
 * asynchronous, to stderr. Found through {@code META-INF/services}; ranked below logback's
 * own file-based configurator, so a {@code logback.xml} or {@code -Dlogback.configurationFile}
 * still wins, and above its fallback, which would log to stdout.
 */
@ConfiguratorRank(ConfiguratorRank.NOMINAL - 5)
public final class TachyonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logs.install(context, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
