package dev.tachyon.server.schema;

import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.codec.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A tool's {@code inputSchema}, compiled once when the tool is built, and the check of a call's
 * arguments against it. Every JSON Schema keyword counts ({@code type}, {@code required},
 * {@code minimum}/{@code maximum}, {@code exclusive*}, {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code enum}, {@code const}, {@code items}, {@code additionalProperties},
 * composition, {@code $ref}/{@code $defs}, ...): the validator is networknt's
 * json-schema-validator, draft 2020-12 unless the schema's {@code $schema} names another draft
 * (MCP 2025-11-25: "Defaults to 2020-12 if no {@code $schema} field is present").
 * {@code format} is an annotation, as 2020-12 says; remote {@code $ref}s are never fetched.
 *
 * <p>What a check costs, and how it stays cheap on the inline path (figures from a harness on
 * 2 cores, JDK 17): the validator takes about 170 ns and 800 B for the demo {@code echo}
 * schema once the arguments are a Jackson tree, and building that tree from the request's
 * bytes as much again. So two sound shortcuts come first, each of which only ever says
 * "valid"; anything else goes to the validator, which alone decides what is wrong:
 * <ul>
 *   <li>a schema that accepts every object ({@code {"type":"object"}} with nothing but
 *       annotations) is not checked at all ({@link #acceptsEverything()});</li>
 *   <li>a flat schema whose properties constrain only their JSON type (the {@code echo} and
 *       {@code add} shape: {@code type}, {@code properties}, {@code required}, annotations) is
 *       checked in place over the request's bytes, without decoding (see {@link FlatShape});
 *       any doubt (an escaped or repeated name, {@code 1.0} for an integer) falls through. The
 *       spans it found are handed to the handler's arguments, so the object is scanned once.</li>
 * </ul>
 * Absent arguments are checked once, when the validator is compiled.
 *
 * <p>Cold start: the validator (Jackson, networknt and the draft's meta-schemas) is most of what
 * a stdio server loads before it can answer {@code initialize}. A schema that
 * {@link SchemaSyntax} finds certainly valid (plain keywords only, such as the demo tools')
 * is therefore compiled later: on a background thread once the engine registers the tool
 * ({@link #compileInBackground()}; held over stdio until the first answer is out), or by the
 * first call the in-place check cannot settle if that comes first. Any other schema is checked
 * and compiled at once, so a bad one still fails where it is written.
 * Thread-safe and immutable.
 */
public final class InputSchema {

    /** The most properties a schema may name and still be checked in place (the size of a caller's span scratch). */
    public static final int MAX_FLAT_PROPERTIES = 16;

    /** Whether calls are checked in place before the validator (the flat shape; for tests). */
    boolean checksInPlace() {
        return flat != null;
    }

    private static final String[] NO_NAMES = {};

    private static final InputSchema ANY_OBJECT = new InputSchema(null, null);

    private final CompiledSchema schema;
    private final FlatShape flat;

    private InputSchema(CompiledSchema schema, FlatShape flat) {
        this.schema = schema;
        this.flat = flat;
    }

    /**
     * Starts compiling the validator on a background thread when it was deferred (see the class
     * comment), so that calls seldom wait for it; returns at once. The engine calls it when it
     * registers the tool.
     */
    public void compileInBackground() {
        if (schema != null) {
            schema.compileInBackground();
        }
    }

    /**
     * Waits until the validators of every tool registered so far are compiled: for a server
     * whose start is not a client's wait (TCP, HTTP), so that no first call waits instead.
     */
    public static void awaitBackgroundCompilation() throws InterruptedException {
        CompiledSchema.awaitBackground();
    }

    /**
     * Holds background compilations until {@link #releaseBackgroundCompilation()}: for a stdio
     * start, whose client waits for the answer to {@code initialize}, which these would slow
     * down on a small machine. A call that needs a validator meanwhile compiles it itself. Call
     * before the tools are registered.
     */
    public static void holdBackgroundCompilation() {
        CompiledSchema.holdBackground();
    }

    /** Lets held background compilations run (again and again: harmless). */
    public static void releaseBackgroundCompilation() {
        CompiledSchema.releaseBackground();
    }

    /** Whether the validator is compiled yet (for tests: certainly valid schemas defer it). */
    boolean validatorCompiled() {
        return schema != null && schema.compiled();
    }

    /** The schema {@code {"type":"object"}}: every arguments object is valid. */
    public static InputSchema anyObject() {
        return ANY_OBJECT;
    }

    /**
     * Compiles {@code json}: checks it against its draft's meta-schema, resolves its
     * {@code $ref}s and compiles its patterns, so a bad schema fails here, when the tool is
     * built, and never during a call. (A schema {@link SchemaSyntax} finds certainly valid is
     * checked by it alone, and its validator compiled later.)
     *
     * @throws IllegalArgumentException naming what is wrong with the schema
     */
    public static InputSchema compile(String json) {
        Object decoded;
        try {
            decoded = JsonValues.read(RawJson.of(json).bytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inputSchema is not JSON: " + e.getMessage(), e);
        }
        if (!(decoded instanceof Map)) {
            throw new IllegalArgumentException("inputSchema must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) decoded;
        CompiledSchema schema;
        if (SchemaSyntax.certainlyValid(tree)) {
            schema = FlatShape.acceptsEveryObject(tree) ? null : CompiledSchema.deferred(json);
        } else {
            try {
                schema = CompiledSchema.now(json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("inputSchema is not a valid JSON Schema: " + e.getMessage(), e);
            }
            if (FlatShape.acceptsEveryObject(tree)) {
                return ANY_OBJECT;
            }
        }
        return schema == null ? ANY_OBJECT : new InputSchema(schema, FlatShape.of(tree));
    }

    /** Whether every arguments object is valid, so calls need no check at all. */
    public boolean acceptsEverything() {
        return schema == null;
    }

    /**
     * Checks decoded arguments (null or empty: no arguments).
     *
     * @return the first violation found; empty when the arguments are valid
     */
    public List<SchemaViolation> validate(Map<String, Object> arguments) {
        if (schema == null) {
            return List.of();
        }
        if (arguments == null || arguments.isEmpty()) {
            return schema.ofEmpty();
        }
        JsonNode tree;
        try {
            tree = CompiledSchema.mapper().valueToTree(arguments);
        } catch (JacksonException e) {
            return List.of(unreadable(e));
        }
        return schema.validate(tree);
    }

    /**
     * Whether the arguments object {@code frame[start, end)} (validated JSON) is accepted by the
     * in-place check alone; false means "not sure", never "invalid": call
     * {@link #validate(ByteBuf, int, int, JsonMembers, long[])}. When true, {@code spans[k]} holds
     * the span of {@link #inPlaceNames()}{@code [k]} in the object ({@link JsonMembers#ABSENT} if
     * absent), as {@link JsonMembers#find} gives it.
     */
    public boolean acceptsInPlace(ByteBuf frame, int start, int end, JsonMembers members, long[] spans) {
        return schema == null ? false : flat != null && flat.accepts(frame, start, end, members, spans);
    }

    /**
     * The member names the in-place check looks up, in the order of its spans (empty when
     * there is no in-place check). The array itself, for the engine's hot path: do not modify.
     */
    public String[] inPlaceNames() {
        return flat == null ? NO_NAMES : flat.names();
    }

    /**
     * Checks the arguments object {@code frame[start, end)}, which the envelope scanner has
     * validated as JSON, in place when the schema allows it.
     *
     * @param members the caller's reader (not thread-safe: one per thread)
     * @param spans   scratch of at least {@link #MAX_FLAT_PROPERTIES} entries
     * @return the first violation found; empty when the arguments are valid
     */
    public List<SchemaViolation> validate(ByteBuf frame, int start, int end, JsonMembers members, long[] spans) {
        if (schema == null) {
            return List.of();
        }
        if (flat != null && flat.accepts(frame, start, end, members, spans)) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = CompiledSchema.mapper().readTree(ByteBufUtil.getBytes(frame, start, end - start, false));
        } catch (JacksonException e) {
            return List.of(unreadable(e));
        }
        return schema.validate(tree);
    }

    private static SchemaViolation unreadable(JacksonException e) {
        // Valid JSON the checker will not read: a number of more than 1000 digits (no quadratic parse).
        return new SchemaViolation("number", "", "the arguments hold a value too large to check: " + e.getOriginalMessage());
    }
}
