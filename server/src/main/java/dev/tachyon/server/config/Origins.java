package dev.tachyon.server.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.List;

/** Turns Typesafe Config origins and lookups into the locations our problems and settings name. */
final class Origins {

    private Origins() {
    }

    /** {@code file:line} when the value came from a file, otherwise the origin's own description. */
    static String location(ConfigOrigin origin) {
        String where = origin.filename() != null ? origin.filename()
                : origin.url() != null ? origin.url().toString() : null;
        if (where == null) {
            return origin.description();
        }
        return origin.lineNumber() > 0 ? where + ":" + origin.lineNumber() : where;
    }

    /** The location of a Typesafe exception, or {@code fallback} when it carries no origin. */
    static String location(ConfigException e, String fallback) {
        return e.origin() == null ? fallback : location(e.origin());
    }

    /**
     * The message of a Typesafe exception without the origin it starts with, since our problems
     * print the location themselves.
     */
    static String message(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /**
     * Walks {@code root} along {@code key} without resolving anything, so it is safe on a
     * layer that still holds substitutions.
     *
     * @return the value at {@code key}; or, when something along the way is not an object
     *         (a scalar, a null, an unresolved substitution), that thing, since it is what
     *         stands in the key's place; or null when the path is simply absent
     */
    static ConfigValue deepest(ConfigObject root, String key) {
        List<String> elements = ConfigUtil.splitPath(key);
        ConfigValue current = root;
        for (String element : elements) {
            if (!(current instanceof ConfigObject)) {
                return current;
            }
            current = ((ConfigObject) current).get(element);
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
