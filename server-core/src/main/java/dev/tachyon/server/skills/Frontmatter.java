package dev.tachyon.server.skills;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML frontmatter at the top of a {@code SKILL.md}, as the JSON object a skill entry
 * carries verbatim: the block between a leading {@code ---} line and the next {@code ---} line.
 *
 * <p>Read with SnakeYAML's safe constructor (no arbitrary types), without duplicate keys, with
 * few aliases (no "billion laughs") and within {@link SkillSet#MAX_FRONTMATTER_CHARS}. Only
 * what JSON can say is accepted: strings, integers, finite decimals, booleans, null, lists and
 * maps with string keys. SnakeYAML reads YAML 1.1, where an unquoted {@code yes} or
 * {@code 2026-01-01} is not a string; such a value is refused (a date) or taken as 1.1 says,
 * so quote values that must stay strings.
 */
final class Frontmatter {

    private static final Pattern BLOCK = Pattern.compile("^---\\r?\\n([\\s\\S]*?)\\r?\\n---[ \\t]*(?:\\r?\\n|$)");

    private Frontmatter() {
    }

    /**
     * The frontmatter of {@code manifest}, with non-empty string {@code name} and {@code description}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Map<String, Object> parse(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Matcher block = BLOCK.matcher(text);
        if (!block.find()) {
            throw new IllegalArgumentException("does not begin with a YAML frontmatter block between '---' lines");
        }
        if (block.group(1).length() > SkillSet.MAX_FRONTMATTER_CHARS) {
            throw new IllegalArgumentException("frontmatter is longer than " + SkillSet.MAX_FRONTMATTER_CHARS
                    + " characters");
        }
        Object tree;
        try {
            tree = yaml().load(block.group(1));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("frontmatter is not valid YAML: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map)) {
            throw new IllegalArgumentException("frontmatter is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) json(tree, "frontmatter");
        requireText(map, "name");
        requireText(map, "description");
        return map;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(16);
        options.setCodePointLimit(SkillSet.MAX_FRONTMATTER_CHARS);
        options.setNestingDepthLimit(16);
        return new Yaml(new SafeConstructor(options));
    }

    private static void requireText(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new IllegalArgumentException("frontmatter has no non-empty string '" + key + "'");
        }
    }

    /** {@code value} as JSON-writable, immutable values; refuses what JSON cannot say. */
    private static Object json(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Double) {
            if (((Double) value).isNaN() || ((Double) value).isInfinite()) {
                throw new IllegalArgumentException(where + " is not a finite number");
            }
            return value;
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            int i = 0;
            for (Object item : (List<?>) value) {
                list.add(json(item, where + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Map) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException(where + " has a key that is not a string: " + e.getKey());
                }
                String key = (String) e.getKey();
                map.put(key, json(e.getValue(), where + "." + key));
            }
            return Collections.unmodifiableMap(map);
        }
        throw new IllegalArgumentException(where + " is a " + value.getClass().getSimpleName()
                + ", which JSON cannot carry (quote it to make it a string)");
    }
}
