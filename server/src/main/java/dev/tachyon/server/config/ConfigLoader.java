package dev.tachyon.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link TachyonConfig} from its layers, in increasing precedence:
 * <ol>
 *   <li>the built-in defaults, {@code reference.conf} on the class path;</li>
 *   <li>the file given with {@code --config}, if any (HOCON; {@code include}s and
 *       substitutions work, and {@code ${?VAR}} reads the given environment);</li>
 *   <li>{@code TACHYON_*} environment variables, one per key
 *       ({@code TACHYON_LIMITS_MAX_FRAME_BYTES} for {@code tachyon.limits.max-frame-bytes});</li>
 *   <li>{@code tachyon.*} system properties ({@code -Dtachyon.tcp.port=7900});</li>
 *   <li>{@linkplain ConfigOverride overrides} from the command line.</li>
 * </ol>
 *
 * <p>The keys in {@code reference.conf} are the only valid keys. An unknown key in the file, a
 * {@code TACHYON_*} variable that is a typo of a key's (other {@code TACHYON_*} variables, such as
 * Kubernetes service links, are {@linkplain #ignoredVariables ignored}), an unknown
 * {@code tachyon.*} property, a value of the wrong type or
 * out of range: each is a {@link ConfigProblem} naming the key, where it was set (file and
 * line, variable, property) and, for unknown keys, the nearest valid one. All problems are
 * collected and thrown together as one {@link TachyonConfigException}.
 *
 * <p>A file may hold only {@code tachyon}: other top-level keys are reported as unknown too,
 * since a misspelt {@code tachyon} would otherwise be ignored in silence.
 *
 * <p>When nothing but the overrides can set a key (no file, no {@code TACHYON_*} variable at all,
 * no {@code tachyon.*} property), the defaults are taken from their build-time form ({@link
 * BuiltInDefaults}) instead of parsing {@code reference.conf}, for a cold start; the result is
 * the same, and whatever that form cannot read exactly takes the layers above.
 *
 * <p>Loading depends only on the arguments: the process environment and system properties are
 * read by whoever calls, so tests pass their own.
 */
public final class ConfigLoader {

    private static final String REFERENCE = "reference.conf";
    private static final String ROOT = "tachyon";
    private static final String PROPERTY_PREFIX = ROOT + ".";

    private ConfigLoader() {
    }

    /** The configuration from the built-in defaults alone. */
    public static TachyonConfig defaults() {
        return load(null, Map.of(), new Properties());
    }

    /**
     * Loads the configuration.
     *
     * @param file        the {@code --config} file, or null for none
     * @param environment the process environment, usually {@link System#getenv()}
     * @param properties  the system properties, usually {@link System#getProperties()}; only
     *                    names starting with {@code tachyon.} are read
     * @throws TachyonConfigException listing every problem, when there is any
     */
    public static TachyonConfig load(Path file, Map<String, String> environment, Properties properties) {
        return load(file, environment, properties, List.of());
    }

    /**
     * Loads the configuration with {@code overrides} above every other layer.
     *
     * @throws TachyonConfigException   listing every problem, when there is any
     * @throws IllegalArgumentException when an override names an unknown key: that is a defect
     *                                  of the caller, not of the configuration
     */
    public static TachyonConfig load(Path file, Map<String, String> environment, Properties properties,
                                     List<ConfigOverride> overrides) {
        if (file == null && noVariables(environment) && noProperties(properties)) {
            // Only the defaults and the command line's overrides: their build-time form, without
            // parsing reference.conf (cold start); null when it cannot tell the result exactly.
            TachyonConfig config = BuiltInDefaults.load(overrides);
            if (config != null) {
                return config;
            }
        }
        return loadLayers(file, environment, properties, overrides);
    }

    /** {@link #load} through Typesafe Config and every layer, whatever is given. */
    static TachyonConfig loadLayers(Path file, Map<String, String> environment, Properties properties,
                                    List<ConfigOverride> overrides) {
        Config defaults = defaultsLayer();
        Set<String> known = keysOf(defaults);
        List<ConfigProblem> problems = new ArrayList<>();

        Config fileLayer = file == null ? ConfigFactory.empty() : fileLayer(file, problems);
        Map<String, SettingSource> explicitSources = new TreeMap<>();
        Config environmentLayer = environmentLayer(environment, known, explicitSources, problems);
        Config propertyLayer = propertyLayer(properties, known, explicitSources, problems);
        Config overrideLayer = overrideLayer(overrides, known, explicitSources);
        if (fileLayer == null) {
            throw new TachyonConfigException(problems);
        }

        Config resolved;
        try {
            resolved = overrideLayer.withFallback(propertyLayer).withFallback(environmentLayer)
                    .withFallback(fileLayer).withFallback(defaults)
                    .resolve(ConfigResolveOptions.noSystem().appendResolver(new EnvironmentResolver(environment)));
        } catch (ConfigException e) {
            problems.add(ConfigProblem.of("", Origins.location(e, String.valueOf(file)), Origins.message(e)));
            throw new TachyonConfigException(problems);
        }
        unknownFileKeys(resolved, fileLayer, known, problems);

        SettingsReader reader = new SettingsReader(resolved, known,
                key -> sourceOf(key, explicitSources, fileLayer), problems);
        TachyonConfig config = TachyonConfig.read(reader);
        if (!reader.keysRead().equals(known)) {
            throw new IllegalStateException("reference.conf and TachyonConfig disagree on the keys: "
                    + known + " vs " + reader.keysRead());
        }
        if (!problems.isEmpty()) {
            throw new TachyonConfigException(problems);
        }
        return config;
    }

    /** Every valid key, sorted: the leaves under {@code tachyon} in {@code reference.conf}. */
    public static Set<String> knownKeys() {
        return keysOf(defaultsLayer());
    }

    /**
     * The {@code TACHYON_*} variables of {@code environment} that {@link #load} ignores, sorted:
     * they name no key and are no typo of one, such as the service links Kubernetes sets for a
     * Service named {@code tachyon} ({@code TACHYON_PORT}, {@code TACHYON_SERVICE_HOST}) or a
     * user's {@code TACHYON_HOME}. A launcher warns about them in one line.
     */
    public static List<String> ignoredVariables(Map<String, String> environment) {
        if (noVariables(environment)) {
            return List.of(); // nothing to tell apart: the keys need not be parsed
        }
        EnvironmentNames names = EnvironmentNames.forKeys(knownKeys());
        return new TreeSet<>(environment.keySet()).stream().filter(names::isForeign).toList();
    }

    /** True when no variable of {@code environment} starts with {@code TACHYON_}: none can set a key. */
    private static boolean noVariables(Map<String, String> environment) {
        for (String name : environment.keySet()) {
            if (name.startsWith(EnvironmentNames.PREFIX)) {
                return false;
            }
        }
        return true;
    }

    /** True when no property of {@code properties} starts with {@code tachyon.}: none can set a key. */
    private static boolean noProperties(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                return false;
            }
        }
        return true;
    }

    /** The environment variable that sets {@code key}, such as {@code TACHYON_TCP_PORT}. */
    public static String environmentVariableFor(String key) {
        return EnvironmentNames.variableFor(key);
    }

    /** {@link #defaultsLayer()} once parsed; null until then (a race parses it twice, harmlessly). */
    private static volatile Config defaults;

    /**
     * {@code reference.conf}'s {@code tachyon} subtree, parsed once per class loader: it cannot
     * change while the class path does not, and a start needs it twice ({@link #load} and
     * {@link #ignoredVariables}); parsing its 29 KB twice in a cold, interpreted JVM cost a
     * stdio cold start tens of milliseconds.
     */
    private static Config defaultsLayer() {
        Config layer = defaults;
        if (layer == null) {
            layer = parseDefaults();
            defaults = layer;
        }
        return layer;
    }

    private static Config parseDefaults() {
        // Only our subtree is ours to read, so our own reference.conf is read, beside this class:
        // asking the class loader for every reference.conf opens every jar on the class path
        // (about a hundred in the distribution), a cold start's largest single cost after class
        // loading. Where that file cannot be told (an unusual class loader), every library's is
        // merged, as ConfigFactory does.
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
        Config all;
        URL own = ownReference();
        try {
            all = own == null ? ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), REFERENCE, options)
                    : ConfigFactory.parseURL(own, options);
        } catch (ConfigException.IO e) {
            all = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), REFERENCE, options);
        }
        if (!all.hasPath(ROOT)) {
            throw new IllegalStateException(REFERENCE + " with the tachyon defaults is not on the class path");
        }
        return all.withOnlyPath(ROOT);
    }

    /** The {@code reference.conf} in the jar or directory this class came from, or null when that is unknown. */
    private static URL ownReference() {
        CodeSource source = ConfigLoader.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            URI base = location.toURI();
            return (base.getPath().endsWith("/") ? base.resolve(REFERENCE) : URI.create("jar:" + base + "!/" + REFERENCE))
                    .toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Set<String> keysOf(Config defaults) {
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : defaults.entrySet()) {
            keys.add(entry.getKey());
        }
        return Collections.unmodifiableSet(keys);
    }

    /** The parsed file, or null after recording a problem when it cannot be read or parsed. */
    private static Config fileLayer(Path file, List<ConfigProblem> problems) {
        String location = file.toString();
        if (!Files.exists(file)) {
            problems.add(ConfigProblem.of("", location, "no such file"));
            return null;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(ConfigProblem.of("", location, "not a readable file"));
            return null;
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            problems.add(ConfigProblem.of("", Origins.location(e, location), Origins.message(e)));
            return null;
        }
    }

    private static Config environmentLayer(Map<String, String> environment, Set<String> known,
                                           Map<String, SettingSource> sources, List<ConfigProblem> problems) {
        EnvironmentNames names = EnvironmentNames.forKeys(known);
        Config layer = ConfigFactory.empty();
        // Sorted, so problems come out in a stable order whatever map the caller passed.
        for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(EnvironmentNames.PREFIX)) {
                continue;
            }
            String key = names.keyFor(variable);
            SettingSource source = SettingSource.environment(variable);
            if (key == null) {
                // Only a typo of a key's variable is an error; others' TACHYON_* variables (service
                // links, TACHYON_HOME) are listed by ignoredVariables() for the caller to warn about.
                names.nearMiss(variable).ifPresent(v -> problems.add(unknown(variable, source.description(),
                        "unknown environment variable", v + " (" + names.keyFor(v) + ")")));
                continue;
            }
            layer = layer.withValue(key, ConfigValueFactory.fromAnyRef(entry.getValue(), source.description()));
            sources.put(key, source);
        }
        return layer;
    }

    private static Config propertyLayer(Properties properties, Set<String> known,
                                        Map<String, SettingSource> sources, List<ConfigProblem> problems) {
        Config layer = ConfigFactory.empty();
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            if (!name.startsWith(PROPERTY_PREFIX)) {
                continue;
            }
            SettingSource source = SettingSource.systemProperty(name);
            if (!known.contains(name)) {
                problems.add(unknown(name, source.description(), "unknown system property",
                        NearestKey.among(name, known).orElse(null)));
                continue;
            }
            layer = layer.withValue(name, ConfigValueFactory.fromAnyRef(properties.getProperty(name), source.description()));
            sources.put(name, source);
        }
        return layer;
    }

    private static Config overrideLayer(List<ConfigOverride> overrides, Set<String> known,
                                        Map<String, SettingSource> sources) {
        Config layer = ConfigFactory.empty();
        for (ConfigOverride override : overrides) {
            if (!known.contains(override.key())) {
                throw new IllegalArgumentException("override of unknown key " + override.key());
            }
            layer = layer.withValue(override.key(),
                    ConfigValueFactory.fromAnyRef(override.value(), override.source().description()));
            sources.put(override.key(), override.source());
        }
        return layer;
    }

    /**
     * Reports every key that is not known. Only the file can contribute such keys: the other
     * layers are built from known keys alone.
     */
    private static void unknownFileKeys(Config resolved, Config fileLayer, Set<String> known,
                                        List<ConfigProblem> problems) {
        List<Map.Entry<ConfigOrigin, ConfigProblem>> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : toMap(resolved).entrySet()) {
            String key = entry.getKey();
            if (known.contains(key) || isObjectOf(key, known) || isInside(key, known)) {
                // A known object replaced by a scalar, or a known value replaced by an object, is a
                // bad value of a known key, which SettingsReader reports.
                continue;
            }
            ConfigValue written = Origins.deepest(fileLayer.root(), key);
            ConfigOrigin origin = (written == null ? entry.getValue() : written).origin();
            unknown.add(Map.entry(origin, unknown(key, Origins.location(origin), "unknown key",
                    NearestKey.among(key, known).orElse(null))));
        }
        // In the order they are written, which is how an operator reads the file.
        unknown.sort(Comparator.comparing((Map.Entry<ConfigOrigin, ConfigProblem> e) -> String.valueOf(e.getKey().filename()))
                .thenComparingInt(e -> e.getKey().lineNumber()));
        unknown.forEach(e -> problems.add(e.getValue()));
    }

    /** The leaves of {@code config}, sorted so problems come out in a stable order. */
    private static Map<String, ConfigValue> toMap(Config config) {
        Map<String, ConfigValue> map = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            map.put(entry.getKey(), entry.getValue());
        }
        return map;
    }

    private static boolean isObjectOf(String path, Set<String> known) {
        String prefix = path + ".";
        return known.stream().anyMatch(k -> k.startsWith(prefix));
    }

    private static boolean isInside(String path, Set<String> known) {
        return known.stream().anyMatch(k -> path.startsWith(k + "."));
    }

    private static ConfigProblem unknown(String key, String location, String message, String suggestion) {
        return suggestion == null ? ConfigProblem.of(key, location, message)
                : ConfigProblem.withSuggestion(key, location, message, suggestion);
    }

    private static SettingSource sourceOf(String key, Map<String, SettingSource> explicitSources, Config fileLayer) {
        SettingSource explicit = explicitSources.get(key);
        if (explicit != null) {
            return explicit;
        }
        // Found unresolved, so a value written as ${?PORT} is still placed at its line in the file.
        ConfigValue written = Origins.deepest(fileLayer.root(), key);
        return written == null ? SettingSource.defaultValue() : SettingSource.file(Origins.location(written.origin()));
    }
}
