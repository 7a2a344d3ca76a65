package dev.tachyon.server.schema;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code x-mcp-header} annotations of a tool's input schema (2026-07-28): which
 * top-level arguments a client mirrors into {@code Mcp-Param-<Name>} HTTP headers.
 *
 * <p>Checked when the tool is built (the model refuses a bad annotation) and read again by the
 * engine when the tool is registered (it keeps the mapping with the tool's compiled schema),
 * with the constraints the transport specification puts on
 * them: a name is a non-empty HTTP token, unique among the tool's names ignoring case, and only
 * on a {@code string}, {@code integer} or {@code boolean} property. Annotations nested deeper
 * than the top-level properties are not mirrored.
 */
public final class MirroredParameters {

    private static final String ANNOTATION = "x-mcp-header";

    private MirroredParameters() {
    }

    /**
     * Argument name to header suffix, in schema order; unmodifiable.
     *
     * @param schema the decoded input schema (a JSON object)
     * @throws IllegalArgumentException when an annotation breaks the transport's constraints
     */
    public static Map<String, String> of(Map<?, ?> schema) {
        Object properties = schema.get("properties");
        if (!(properties instanceof Map)) {
            return Map.of();
        }
        Map<String, String> mirrored = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<?, ?> property : ((Map<?, ?>) properties).entrySet()) {
            if (!(property.getValue() instanceof Map) || !((Map<?, ?>) property.getValue()).containsKey(ANNOTATION)) {
                continue;
            }
            Map<?, ?> definition = (Map<?, ?>) property.getValue();
            String argument = String.valueOf(property.getKey());
            Object header = definition.get(ANNOTATION);
            if (!(header instanceof String) || !HttpToken.isToken((String) header)) {
                throw new IllegalArgumentException(ANNOTATION + " of '" + argument + "' must be a non-empty HTTP token");
            }
            Object type = definition.get("type");
            if (!"string".equals(type) && !"integer".equals(type) && !"boolean".equals(type)) {
                throw new IllegalArgumentException(ANNOTATION + " is only allowed on string, integer and boolean"
                        + " properties; '" + argument + "' has type " + type);
            }
            if (!seen.add(((String) header).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(ANNOTATION + " '" + header + "' is used twice (ignoring case)");
            }
            mirrored.put(argument, (String) header);
        }
        return mirrored.isEmpty() ? Map.of() : Collections.unmodifiableMap(mirrored);
    }
}
