package dev.tachyon.server.config;

import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * Resolves substitutions such as {@code ${?PORT}} from the environment map the loader was
 * given, rather than from the process environment that Typesafe Config would read itself, so
 * that a load depends only on its arguments (and tests control the environment).
 */
final class EnvironmentResolver implements ConfigResolver {

    private final Map<String, String> environment;
    private final ConfigResolver fallback;

    EnvironmentResolver(Map<String, String> environment) {
        this(environment, null);
    }

    private EnvironmentResolver(Map<String, String> environment, ConfigResolver fallback) {
        this.environment = environment;
        this.fallback = fallback;
    }

    @Override
    public ConfigValue lookup(String path) {
        String value = environment.get(path);
        if (value != null) {
            return ConfigValueFactory.fromAnyRef(value, "environment " + path);
        }
        return fallback == null ? null : fallback.lookup(path);
    }

    @Override
    public ConfigResolver withFallback(ConfigResolver next) {
        if (next == null) {
            return this;
        }
        return new EnvironmentResolver(environment, fallback == null ? next : fallback.withFallback(next));
    }
}
