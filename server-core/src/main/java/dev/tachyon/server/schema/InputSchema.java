package dev.tachyon.server.schema;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import dev.tachyon.codec.JsonMembers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * Absent arguments are checked once, at compile time. Thread-safe and immutable.
 */
public final class InputSchema {

    /** The most properties a schema may name and still be checked in place (the size of a caller's span scratch). */
    public static final int MAX_FLAT_PROPERTIES = 16;

    /**
     * The validator stops at the first violation: it is reported alone, and the cost of a bad
     * call stays that of its arguments' size (without this, a 3 MB object of 200,000 wrong
     * members builds 200,000 error objects, tens of megabytes, on the event loop).
     */
    private static final Consumer<ExecutionContext> FAIL_FAST = context -> context.executionConfig(c -> c.failFast(true));

    /** Default read constraints: numbers of at most 1000 digits, so no quadratic big-number parse. */
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * 2020-12 as networknt defines it, except that a keyword it does not know is an annotation
     * without a warning in the log: the spec says so, and MCP schemas carry some
     * ({@code x-mcp-header}). Other drafts, chosen by {@code $schema}, keep the library's dialects.
     */
    private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
            .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DIALECT,
            builder -> builder
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));

    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    /** Whether calls are checked in place before the validator (the flat shape; for tests). */
    boolean checksInPlace() {
        return flat != null;
    }

    private static final String[] NO_NAMES = {};

    private static final InputSchema ANY_OBJECT = new InputSchema(null, null, List.of());

    private final Schema schema;
    private final FlatShape flat;
    private final List<SchemaViolation> ofEmpty;

    private InputSchema(Schema schema, FlatShape flat, List<SchemaViolation> ofEmpty) {
        this.schema = schema;
        this.flat = flat;
        this.ofEmpty = ofEmpty;
    }

    /** The schema {@code {"type":"object"}}: every arguments object is valid. */
    public static InputSchema anyObject() {
        return ANY_OBJECT;
    }

    /**
     * Compiles {@code json}: checks it against its draft's meta-schema, resolves its
     * {@code $ref}s and compiles its patterns, so a bad schema fails here, when the tool is
     * built, and never during a call.
     *
     * @throws IllegalArgumentException naming what is wrong with the schema
     */
    public static InputSchema compile(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("inputSchema is not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("inputSchema must be a JSON object");
        }
        try {
            checkAgainstMetaSchema(tree);
            if (FlatShape.acceptsEveryObject(tree)) {
                return ANY_OBJECT;
            }
            Schema schema = REGISTRY.getSchema(tree);
            schema.initializeValidators(); // every $ref resolved and pattern compiled now, not in a call
            List<SchemaViolation> ofEmpty = violations(schema.validate(MAPPER.createObjectNode(), FAIL_FAST)); // resolves every $ref
            return new InputSchema(schema, FlatShape.of(tree), ofEmpty);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("inputSchema is not a valid JSON Schema: " + e.getMessage(), e);
        }
    }

    private static void checkAgainstMetaSchema(JsonNode tree) {
        JsonNode declared = tree.get("$schema");
        String id = declared == null ? DRAFT_2020_12 : declared.asString();
        Schema meta;
        try {
            meta = REGISTRY.getSchema(SchemaLocation.of(id));
        } catch (SchemaException e) {
            throw new IllegalArgumentException("unsupported $schema " + id + " (2020-12, 2019-09, draft-07, -06 and -04 are)", e);
        }
        List<Error> errors = meta.validate(tree);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.get(0).toString()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        }
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
            return ofEmpty;
        }
        JsonNode tree;
        try {
            tree = MAPPER.valueToTree(arguments);
        } catch (JacksonException e) {
            return List.of(unreadable(e));
        }
        return violations(schema.validate(tree, FAIL_FAST));
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
            tree = MAPPER.readTree(ByteBufUtil.getBytes(frame, start, end - start, false));
        } catch (JacksonException e) {
            return List.of(unreadable(e));
        }
        return violations(schema.validate(tree, FAIL_FAST));
    }

    private static SchemaViolation unreadable(JacksonException e) {
        // Valid JSON the checker will not read: a number of more than 1000 digits (no quadratic parse).
        return new SchemaViolation("number", "", "the arguments hold a value too large to check: " + e.getOriginalMessage());
    }

    private static List<SchemaViolation> violations(List<Error> errors) {
        if (errors.isEmpty()) {
            return List.of();
        }
        Error e = errors.get(0);
        return List.of(new SchemaViolation(e.getKeyword(), String.valueOf(e.getInstanceLocation()), e.toString()));
    }
}
