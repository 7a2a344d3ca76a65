package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Helpers shared by the config tests. */
final class ConfigTesting {

    private ConfigTesting() {
    }

    /** Writes {@code lines} to {@code name} in {@code dir} and returns its path. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    static Properties properties(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    static TachyonConfig load(Path file) {
        return ConfigLoader.load(file, Map.of(), new Properties());
    }

    /** The problems a load fails with. */
    static List<ConfigProblem> problems(Path file, Map<String, String> env, Properties properties) {
        return assertThrows(TachyonConfigException.class, () -> ConfigLoader.load(file, env, properties)).problems();
    }

    static List<ConfigProblem> problems(Path file) {
        return problems(file, Map.of(), new Properties());
    }
}
