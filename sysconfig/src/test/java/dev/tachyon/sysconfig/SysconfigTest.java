package dev.tachyon.sysconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.Setting;
import dev.tachyon.server.config.TachyonConfig;
import dev.tachyon.server.config.SettingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator's files stay loadable, complete and explained. */
class SysconfigTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path TACHYON_CONF = MODULE.resolve("tachyon.conf");

    @Test
    void tachyonConfLoadsWithoutProblems() {
        // Throws TachyonConfigException, listing every problem, if anything is wrong.
        TachyonConfig config = ConfigLoader.load(TACHYON_CONF, Map.of(), new Properties());
        assertTrue(config.tcp().enabled());
    }

    @Test
    void tachyonConfSetsEveryKeyWithAComment() {
        Config file = ConfigFactory.parseFile(TACHYON_CONF.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        List<String> missing = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (String key : ConfigLoader.knownKeys()) {
            if (!file.hasPath(key)) {
                missing.add(key);
            } else if (!String.join(" ", file.getValue(key).origin().comments()).contains("Default")) {
                undocumented.add(key);
            }
        }
        assertTrue(missing.isEmpty(), () -> "tachyon.conf does not list " + missing);
        assertTrue(undocumented.isEmpty(), () -> "tachyon.conf has no 'Default ...' comment for " + undocumented);
    }

    @Test
    void tachyonConfDocumentsTheDefaultsAsTheyAre() {
        // The comments say "Default X" and the values are X; when a default changes, this file must follow.
        TachyonConfig documented = ConfigLoader.load(TACHYON_CONF, Map.of(), new Properties());
        assertEquals(values(ConfigLoader.defaults()), values(documented));
        for (Setting setting : documented.settings()) {
            assertEquals(SettingSource.Kind.FILE, setting.source().kind(), setting::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"os/99-tachyon-sysctl.conf", "os/tachyon-limits.conf", "systemd/tachyon.service"})
    void everySettingHasItsReasonDirectlyAbove(String name) throws IOException {
        List<String> lines = Files.readAllLines(MODULE.resolve(name));
        List<String> unexplained = new ArrayList<>();
        int settings = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (line.startsWith("[") && line.endsWith("]"))) {
                continue;
            }
            settings++;
            if (i == 0 || !lines.get(i - 1).strip().startsWith("#")) {
                unexplained.add((i + 1) + ": " + line);
            }
        }
        assertFalse(settings == 0, () -> name + " has no settings");
        assertTrue(unexplained.isEmpty(), () -> name + ": settings without a comment above:\n" + String.join("\n", unexplained));
    }

    private static List<String> values(TachyonConfig config) {
        return config.settings().stream().map(s -> s.key() + " = " + s.value()).collect(Collectors.toList());
    }
}
