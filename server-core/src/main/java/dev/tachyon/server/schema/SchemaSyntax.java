package dev.tachyon.server.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cheap check that lets {@link InputSchema#compile} defer the validator: whether a schema
 * (decoded by {@link dev.tachyon.codec.JsonValues}) is certainly valid under its draft's
 * meta-schema and compiles without a doubt, judged over a small set of keywords with plain
 * values ({@code type}, {@code properties}, {@code required}, {@code additionalProperties},
 * bounds, lengths and counts, {@code enum}, {@code const}, {@code items}, {@code uniqueItems},
 * annotations). Loading the validator (Jackson, networknt, the draft's meta-schemas) is most
 * of a stdio server's cold start, and such schemas are what tools mostly declare.
 *
 * <p>It answers "certainly valid" or "not sure", never "invalid": anything it does not know
 * ({@code $ref}, {@code pattern}, {@code format}, composition, another dialect, an unknown
 * keyword other than {@code x-mcp-header}, a number it cannot read exactly) goes to the full
 * check at once, which alone says what is wrong. So a bad schema still fails where it is
 * written. The rules hold alike under 2020-12, 2019-09 and draft-07, the drafts it accepts.
 */
final class SchemaSyntax {

    /** The {@code $schema}s whose meta-schemas agree on every rule below. */
    private static final Set<String> DRAFTS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema");
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "null", "object", "array");
    private static final Set<String> STRINGS = Set.of("title", "description", "$comment");
    private static final Set<String> BOOLEANS = Set.of("deprecated", "readOnly", "writeOnly", "uniqueItems");
    private static final Set<String> NUMBERS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final Set<String> COUNTS = Set.of("minLength", "maxLength", "minItems", "maxItems",
            "minProperties", "maxProperties");
    /** Deeper schemas are left to the full check: the recursion here stays short. */
    private static final int MAX_DEPTH = 16;

    private SchemaSyntax() {
    }

    /** Whether the root schema is certainly valid (see the class comment); false means "not sure". */
    static boolean certainlyValid(Map<String, Object> root) {
        Object declared = root.get("$schema");
        return (declared == null || declared instanceof String && DRAFTS.contains(declared)) && schema(root, 0, true);
    }

    private static boolean schema(Object value, int depth, boolean root) {
        if (!(value instanceof Map) || depth > MAX_DEPTH) {
            return false;
        }
        for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
            if (!keyword((String) member.getKey(), member.getValue(), depth, root)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keyword(String key, Object value, int depth, boolean root) {
        if (STRINGS.contains(key)) {
            return value instanceof String;
        }
        if (BOOLEANS.contains(key)) {
            return value instanceof Boolean;
        }
        if (NUMBERS.contains(key)) {
            return isExactNumber(value);
        }
        if (COUNTS.contains(key)) {
            return value instanceof Long && (Long) value >= 0;
        }
        switch (key) {
            case "$schema": return root; // its value was checked by certainlyValid
            case "default":
            case "const":
            case "x-mcp-header": return readable(value, depth); // MirroredParameters checks the header's rules
            case "examples":
            case "enum": return value instanceof List && readable(value, depth);
            case "multipleOf": return value instanceof Long && (Long) value > 0
                    || value instanceof Double && (Double) value > 0;
            case "type": return types(value);
            case "required": return uniqueStrings(value);
            case "items": return schema(value, depth + 1, false);
            case "additionalProperties": return value instanceof Boolean || schema(value, depth + 1, false);
            case "properties":
                if (!(value instanceof Map)) {
                    return false;
                }
                for (Object property : ((Map<?, ?>) value).values()) {
                    if (!schema(property, depth + 1, false)) {
                        return false;
                    }
                }
                return true;
            default: return false;
        }
    }

    /**
     * Whether Jackson reads {@code value} as the decoder did when the validator is compiled:
     * no number too long for either (a {@link dev.tachyon.codec.JsonNumber}), and not too deep.
     */
    private static boolean readable(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (value instanceof Map) {
            for (Object item : ((Map<?, ?>) value).values()) {
                if (!readable(item, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (!readable(item, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return !(value instanceof Number) || isExactNumber(value);
    }

    private static boolean isExactNumber(Object value) {
        return value instanceof Long || value instanceof Double || value instanceof BigInteger || value instanceof BigDecimal;
    }

    private static boolean types(Object value) {
        if (value instanceof String) {
            return TYPES.contains(value);
        }
        if (!(value instanceof List) || ((List<?>) value).isEmpty() || !uniqueStrings(value)) {
            return false;
        }
        for (Object type : (List<?>) value) {
            if (!TYPES.contains(type)) {
                return false;
            }
        }
        return true;
    }

    private static boolean uniqueStrings(Object value) {
        if (!(value instanceof List)) {
            return false;
        }
        Set<Object> seen = new HashSet<>();
        for (Object item : (List<?>) value) {
            if (!(item instanceof String) || !seen.add(item)) {
                return false;
            }
        }
        return true;
    }
}
