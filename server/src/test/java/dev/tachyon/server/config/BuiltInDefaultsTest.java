package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The defaults' build-time form ({@link BuiltInDefaults}) says what parsing {@code reference.conf}
 * says, and the configuration read from it is the one the full path loads.
 */
class BuiltInDefaultsTest {

    /** Set to true to rewrite BuiltInDefaultsText from reference.conf (from the server module's directory). */
    private static final String WRITE = "builtinDefaults.write";
    private static final Path SOURCE = Path.of("src/main/java/dev/tachyon/server/config/BuiltInDefaultsText.java");
    private static final SettingSource STDIO = SettingSource.commandLine("--stdio");

    @Test
    void theResourceHoldsEveryKeyOfReferenceConfWithItsCanonicalValue() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Setting setting : layers(List.of()).settings()) {
            expected.put(setting.key(), setting.value());
        }
        if (Boolean.getBoolean(WRITE)) {
            StringBuilder lines = new StringBuilder();
            expected.forEach((key, value) -> lines.append("            ")
                    .append((key + '=' + value).replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\""))
                    .append('\n'));
            String text = "package dev.tachyon.server.config;\n\n"
                    + "// Generated from reference.conf by BuiltInDefaultsTest (-D" + WRITE + "=true). Do not edit.\n\n"
                    + "/** The defaults' canonical values, one {@code key=value} line per key, sorted: see {@link BuiltInDefaults}. */\n"
                    + "final class BuiltInDefaultsText {\n\n"
                    + "    static final String LINES = \"\"\"\n" + lines + "            \"\"\";\n\n"
                    + "    private BuiltInDefaultsText() {\n    }\n}\n";
            Files.writeString(SOURCE, text, StandardCharsets.UTF_8);
        }
        assertEquals(expected, BuiltInDefaults.read(), "reference.conf changed: run BuiltInDefaultsTest with -D"
                + WRITE + "=true in server/ and commit " + SOURCE);
        assertEquals(ConfigLoader.knownKeys(), BuiltInDefaults.read().keySet());
    }

    @Test
    void theDefaultsAndSimpleOverridesGiveTheConfigurationOfTheLayers() throws Exception {
        List<List<ConfigOverride>> cases = List.of(
                List.of(),
                List.of(new ConfigOverride("tachyon.stdio.enabled", "true", STDIO)),
                List.of(new ConfigOverride("tachyon.stdio.enabled", "true", STDIO),
                        new ConfigOverride("tachyon.tcp.enabled", "false", STDIO),
                        new ConfigOverride("tachyon.http.enabled", "false", STDIO)),
                List.of(new ConfigOverride("tachyon.tcp.port", "7900", SettingSource.commandLine("--tcp"))));
        for (List<ConfigOverride> overrides : cases) {
            TachyonConfig fast = BuiltInDefaults.load(overrides);
            assertNotNull(fast, () -> "the build-time form gave up on " + overrides);
            assertSameConfiguration(layers(overrides), fast);
            assertSameConfiguration(layers(overrides),
                    ConfigLoader.load(null, Map.of("PATH", "/bin"), properties("java.version", "17"), overrides));
        }
    }

    @Test
    void itLeavesToTheLayersWhatItCannotReadExactly() {
        SettingSource tcp = SettingSource.commandLine("--tcp");
        assertNull(BuiltInDefaults.load(List.of(new ConfigOverride("tachyon.tcp.host", "0.0.0.0", tcp))));
        assertNull(BuiltInDefaults.load(List.of(new ConfigOverride("tachyon.stdio.enabled", "yes", STDIO))));
        assertNull(BuiltInDefaults.load(List.of(new ConfigOverride("tachyon.limits.max-frame-bytes", "4 MiB", tcp))));
        assertNull(BuiltInDefaults.load(List.of(new ConfigOverride("tachyon.tcp.nope", "1", tcp))));
        // Bad values and conflicts: the layers report them, in their own words.
        List<ConfigOverride> badPort = List.of(new ConfigOverride("tachyon.tcp.port", "70000", tcp));
        assertNull(BuiltInDefaults.load(badPort));
        assertEquals("command line --tcp: tachyon.tcp.port: expected a whole number from 1 to 65535, got \"70000\"",
                problem(badPort));
        List<ConfigOverride> none = List.of(new ConfigOverride("tachyon.tcp.enabled", "false", tcp),
                new ConfigOverride("tachyon.http.enabled", "false", tcp),
                new ConfigOverride("tachyon.stdio.enabled", "false", tcp));
        assertNull(BuiltInDefaults.load(none));
        assertEquals(problem(none), assertThrows(TachyonConfigException.class,
                () -> ConfigLoader.loadLayers(null, Map.of(), new Properties(), none)).problems().get(0).toString());
    }

    @Test
    void anythingElseThatCouldSetAKeyTakesTheLayers() {
        // A variable or property is read by the layers (the build-time form never sees it).
        assertEquals(7901, ConfigLoader.load(null, Map.of("TACHYON_TCP_PORT", "7901"), new Properties()).tcp().port());
        assertEquals(7902, ConfigLoader.load(null, Map.of(), properties("tachyon.tcp.port", "7902")).tcp().port());
        assertEquals(List.of("TACHYON_HOME"), ConfigLoader.ignoredVariables(Map.of("TACHYON_HOME", "/opt")));
        assertEquals(List.of(), ConfigLoader.ignoredVariables(Map.of("HOME", "/root")));
    }

    @Test
    void cannedTextIsUnquotedAsJson() {
        assertEquals("a\"b\\c\nd\u0001", BuiltInDefaults.unquote("\"a\\\"b\\\\c\\nd\\u0001\""));
        assertEquals("", BuiltInDefaults.unquote("\"\""));
    }

    private static String problem(List<ConfigOverride> overrides) {
        return assertThrows(TachyonConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), new Properties(), overrides)).problems().get(0).toString();
    }

    private static TachyonConfig layers(List<ConfigOverride> overrides) {
        return ConfigLoader.loadLayers(null, Map.of(), new Properties(), overrides);
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }

    /** Every section (records, compared by value) and every setting with its source. */
    private static void assertSameConfiguration(TachyonConfig expected, TachyonConfig actual)
            throws IllegalAccessException, InvocationTargetException {
        Map<String, Object> want = new LinkedHashMap<>();
        Map<String, Object> got = new LinkedHashMap<>();
        for (Method section : TachyonConfig.class.getDeclaredMethods()) {
            if (Modifier.isPublic(section.getModifiers()) && !Modifier.isStatic(section.getModifiers())
                    && section.getParameterCount() == 0 && !section.getName().equals("hashCode")) {
                want.put(section.getName(), section.invoke(expected));
                got.put(section.getName(), section.invoke(actual));
            }
        }
        assertEquals(want, got);
    }
}
