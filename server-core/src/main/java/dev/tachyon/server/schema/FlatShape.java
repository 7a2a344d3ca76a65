package dev.tachyon.server.schema;

import dev.tachyon.codec.JsonMembers;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conservative in-place acceptor for the simplest input schemas: an object whose listed
 * properties constrain nothing but their JSON type, some of them required, any other member
 * allowed. It reads only where each wanted member starts ({@link JsonMembers}, no decoding,
 * nothing allocated) and answers "valid" or "not sure"; it never rejects, so a wrong guess can
 * only send a call to the full validator, never refuse a valid one.
 *
 * <pre>
 *   {"type":"object","properties":{"text":{"type":"string","description":"..."}},"required":["text"]}
 *   {"text":"hi"}  -> valid          {"text":1} / {}  -> not sure: the validator says why
 * </pre>
 * Its answers are checked against the validator's over generated inputs in the tests.
 */
final class FlatShape {

    /** Keywords that annotate and never constrain (as 2020-12's meta-data and core vocabularies use them). */
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "x-mcp-header");
    /** The {@code $schema}s under which type, properties, required and additionalProperties mean the same. */
    private static final Set<String> DRAFTS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema");

    private enum Type { ANY, STRING, NUMBER, INTEGER, BOOLEAN, NULL, OBJECT, ARRAY }

    private final String[] names;
    private final Type[] types;
    private final boolean[] required;

    private FlatShape(String[] names, Type[] types, boolean[] required) {
        this.names = names;
        this.types = types;
        this.required = required;
    }

    /** The names looked up, in span order (the array itself). */
    String[] names() {
        return names;
    }

    /**
     * Whether {@code schema} (decoded by {@link dev.tachyon.codec.JsonValues}) is
     * {@code {"type":"object"}} with annotations at most: every object is valid.
     */
    static boolean acceptsEveryObject(Map<String, Object> schema) {
        for (Map.Entry<String, Object> member : schema.entrySet()) {
            String key = member.getKey();
            Object value = member.getValue();
            boolean neutral = ANNOTATIONS.contains(key)
                    || key.equals("type") && "object".equals(value)
                    || key.equals("$schema") && value instanceof String && DRAFTS.contains(value)
                    || key.equals("properties") && value instanceof Map && ((Map<?, ?>) value).isEmpty()
                    || key.equals("additionalProperties") && Boolean.TRUE.equals(value);
            if (!neutral) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shape of {@code schema} (decoded by {@link dev.tachyon.codec.JsonValues}), or null when
     * it has anything beyond the flat shape.
     */
    static FlatShape of(Map<String, Object> schema) {
        Map<?, ?> properties = Map.of();
        Set<String> requiredNames = new LinkedHashSet<>();
        for (Map.Entry<String, Object> member : schema.entrySet()) {
            String key = member.getKey();
            Object value = member.getValue();
            switch (key) {
                case "type":
                    if (!"object".equals(value)) {
                        return null;
                    }
                    break;
                case "$schema":
                    if (!(value instanceof String) || !DRAFTS.contains(value)) {
                        return null;
                    }
                    break;
                case "additionalProperties":
                    if (!Boolean.TRUE.equals(value)) {
                        return null;
                    }
                    break;
                case "properties":
                    if (!(value instanceof Map)) {
                        return null;
                    }
                    properties = (Map<?, ?>) value;
                    break;
                case "required":
                    if (!(value instanceof List)) {
                        return null;
                    }
                    for (Object name : (List<?>) value) {
                        if (!(name instanceof String)) {
                            return null;
                        }
                        requiredNames.add((String) name);
                    }
                    break;
                default:
                    if (!ANNOTATIONS.contains(key)) {
                        return null;
                    }
            }
        }
        if (schema.get("type") == null) {
            return null; // the engine's arguments are always objects, but keep the shape exact
        }
        Set<String> all = new LinkedHashSet<>();
        for (Object name : properties.keySet()) {
            all.add((String) name);
        }
        all.addAll(requiredNames);
        if (all.isEmpty() || all.size() > InputSchema.MAX_FLAT_PROPERTIES) {
            return null;
        }
        List<String> names = new ArrayList<>(all);
        Type[] types = new Type[names.size()];
        boolean[] required = new boolean[names.size()];
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            if (!plainName(name)) {
                return null;
            }
            Object property = properties.get(name);
            types[k] = property == null && !properties.containsKey(name) ? Type.ANY : type(property);
            if (types[k] == null) {
                return null;
            }
            required[k] = requiredNames.contains(name);
        }
        return new FlatShape(names.toArray(new String[0]), types, required);
    }

    /** The type a property schema asks for, ANY for none, or null when it constrains more than its type. */
    private static Type type(Object property) {
        if (!(property instanceof Map)) {
            return null;
        }
        Type type = Type.ANY;
        for (Map.Entry<?, ?> member : ((Map<?, ?>) property).entrySet()) {
            if (member.getKey().equals("type")) {
                if (!(member.getValue() instanceof String)) {
                    return null;
                }
                switch ((String) member.getValue()) {
                    case "string": type = Type.STRING; break;
                    case "number": type = Type.NUMBER; break;
                    case "integer": type = Type.INTEGER; break;
                    case "boolean": type = Type.BOOLEAN; break;
                    case "null": type = Type.NULL; break;
                    case "object": type = Type.OBJECT; break;
                    case "array": type = Type.ARRAY; break;
                    default: return null;
                }
            } else if (!ANNOTATIONS.contains(member.getKey())) {
                return null;
            }
        }
        return type;
    }

    /** Printable ASCII without a quote or backslash: what {@link JsonMembers#find} compares byte for byte. */
    private static boolean plainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the validated JSON object {@code frame[start, end)} is certainly valid; false
     * means "not sure", never "invalid".
     */
    boolean accepts(ByteBuf frame, int start, int end, JsonMembers members, long[] spans) {
        if (!members.findRecorded(frame, start, end, names, spans)) { // recorded by the engine's find of the params
            return false;
        }
        for (int k = 0; k < names.length; k++) {
            long span = spans[k];
            if (span == JsonMembers.ABSENT) {
                if (required[k]) {
                    return false;
                }
            } else if (!is(types[k], frame, JsonMembers.start(span), JsonMembers.end(span))) {
                return false;
            }
        }
        return true;
    }

    private static boolean is(Type type, ByteBuf frame, int start, int end) {
        byte first = frame.getByte(start);
        switch (type) {
            case ANY: return true;
            case STRING: return first == '"';
            case BOOLEAN: return first == 't' || first == 'f';
            case NULL: return first == 'n';
            case OBJECT: return first == '{';
            case ARRAY: return first == '[';
            case NUMBER: return first == '-' || first >= '0' && first <= '9';
            default: // INTEGER: plain digits only; 1.0 and 1e2 are integers too, but the validator decides those
                if (first != '-' && (first < '0' || first > '9')) {
                    return false;
                }
                for (int i = start + 1; i < end; i++) {
                    byte b = frame.getByte(i);
                    if (b < '0' || b > '9') {
                        return false;
                    }
                }
                return true;
        }
    }
}
