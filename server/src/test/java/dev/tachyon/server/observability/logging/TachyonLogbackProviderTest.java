package dev.tachyon.server.observability.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider {@code tachyon}'s main names: Tachyon's setup directly, or logback's own with a configuration file. */
class TachyonLogbackProviderTest {

    @Test
    void installsTheTachyonSetupWithoutLogbacksAutomaticConfiguration() {
        TachyonLogbackProvider provider = new TachyonLogbackProvider();
        provider.initialize();
        LoggerContext context = assertInstanceOf(LoggerContext.class, provider.getLoggerFactory());
        try {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.INFO, root.getLevel());
            assertNotNull(root.getAppender("tachyon-async"));
            assertNotNull(provider.getMDCAdapter());
            assertNotNull(provider.getMarkerFactory().getMarker("m"));
        } finally {
            context.stop();
        }
    }

    @Test
    void aLogbackConfigurationFileIsLeftToLogback(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, "<configuration><root level=\"WARN\"/></configuration>");
        String before = System.getProperty(TachyonLogbackProvider.CONFIGURATION_FILE);
        System.setProperty(TachyonLogbackProvider.CONFIGURATION_FILE, file.toString());
        LoggerContext context = null;
        try {
            TachyonLogbackProvider provider = new TachyonLogbackProvider();
            provider.initialize();
            context = assertInstanceOf(LoggerContext.class, provider.getLoggerFactory());
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.WARN, root.getLevel()); // the file's, not Tachyon's INFO
            assertNull(root.getAppender("tachyon-async"));
        } finally {
            if (before == null) {
                System.clearProperty(TachyonLogbackProvider.CONFIGURATION_FILE);
            } else {
                System.setProperty(TachyonLogbackProvider.CONFIGURATION_FILE, before);
            }
            if (context != null) {
                context.stop();
            }
        }
    }
}
