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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * networknt's compiled form of an input schema, and everything of Jackson and networknt that
 * {@link InputSchema} uses: this class is the only one that loads them, so a server whose
 * schemas {@link SchemaSyntax} vouches for loads neither until a call needs the validator.
 *
 * <p>Either compiled {@linkplain #now now} (the full check: meta-schema, {@code $ref}s,
 * patterns) or {@linkplain #deferred deferred} until its first use, for a schema that is
 * certainly valid; then the first call that needs the validator compiles it (once, under this
 * object's lock: about a millisecond once the library is loaded, its loading more on a cold JVM).
 * Thread-safe.
 */
final class CompiledSchema {

    /** The schema's text while it is not compiled; null once it is. */
    private String json;
    private volatile Schema schema;
    private volatile List<SchemaViolation> ofEmpty;

    private CompiledSchema(String json, Schema schema, List<SchemaViolation> ofEmpty) {
        this.json = json;
        this.schema = schema;
        this.ofEmpty = ofEmpty;
    }

    /**
     * Compiles {@code json} now: checks it against its draft's meta-schema, resolves its
     * {@code $ref}s and compiles its patterns.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static CompiledSchema now(String json) {
        Schema schema = Library.checkAndCompile(json);
        return new CompiledSchema(null, schema, Library.ofEmpty(schema));
    }

    /** Defers compiling {@code json}, which {@link SchemaSyntax} found certainly valid, to its first use. */
    static CompiledSchema deferred(String json) {
        return new CompiledSchema(json, null, null);
    }

    /** Whether the validator is compiled (for tests). */
    boolean compiled() {
        return schema != null;
    }

    /**
     * Compiles a deferred validator on the shared background thread, so that the first call
     * that needs it seldom waits (it waits for this compilation, under the lock, when it comes
     * first); returns at once. Nothing when it is compiled already.
     */
    void compileInBackground() {
        if (schema == null) {
            Background.EXECUTOR.execute(() -> {
                Background.awaitGate();
                schema();
            });
        }
    }

    /** See {@link InputSchema#holdBackgroundCompilation()}. */
    static void holdBackground() {
        Background.gate = new CountDownLatch(1);
    }

    /** See {@link InputSchema#releaseBackgroundCompilation()}. */
    static void releaseBackground() {
        Background.gate.countDown();
    }

    /** Waits until every compilation queued so far by {@link #compileInBackground()} is done. */
    static void awaitBackground() throws InterruptedException {
        releaseBackground(); // waiting for a held gate would wait for ever
        try {
            Background.EXECUTOR.submit(() -> { }).get(); // one thread, in order: after every earlier task
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The Jackson mapper that reads the arguments the validator checks. */
    static JsonMapper mapper() {
        return Library.MAPPER;
    }

    /** The first violation of {@code tree} (the validator stops there); empty when valid. */
    List<SchemaViolation> validate(JsonNode tree) {
        return Library.violations(schema().validate(tree, Library.FAIL_FAST));
    }

    /** What the validator says of absent arguments (an empty object), computed once. */
    List<SchemaViolation> ofEmpty() {
        List<SchemaViolation> result = ofEmpty;
        if (result == null) {
            schema();
            result = ofEmpty;
        }
        return result;
    }

    private Schema schema() {
        Schema result = schema;
        if (result == null) {
            synchronized (this) {
                result = schema;
                if (result == null) {
                    // SchemaSyntax vouched for it: it parses and compiles, or that check is wrong
                    result = Library.compile(Library.MAPPER.readTree(json));
                    ofEmpty = Library.ofEmpty(result);
                    schema = result;
                    json = null;
                }
            }
        }
        return result;
    }

    /**
     * One daemon thread for every deferred compilation, made on first use and gone after a
     * second idle. Its queue holds one task per registered tool: registrations, never clients,
     * add to it.
     */
    private static final class Background {
        static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "tachyon-schema-compile");
                    thread.setDaemon(true);
                    return thread;
                });

        /** Open (counted down) unless held; a held gate opens once, never closes again. */
        static volatile CountDownLatch gate = new CountDownLatch(0);

        static {
            EXECUTOR.allowCoreThreadTimeOut(true);
        }

        static void awaitGate() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // compiles at once; nothing interrupts this thread but a JVM exit
            }
        }
    }

    /**
     * Jackson and networknt themselves: a class of its own, so that they are loaded (and the
     * registry with its dialects built) by the first schema that needs them, not by the first
     * {@link CompiledSchema}.
     */
    private static final class Library {

        /** Default read constraints: numbers of at most 1000 digits, so no quadratic big-number parse. */
        static final JsonMapper MAPPER = JsonMapper.builder().build();

        /**
         * The validator stops at the first violation: it is reported alone, and the cost of a bad
         * call stays that of its arguments' size (without this, a 3 MB object of 200,000 wrong
         * members builds 200,000 error objects, tens of megabytes, on the event loop).
         */
        static final Consumer<ExecutionContext> FAIL_FAST = context -> context.executionConfig(c -> c.failFast(true));

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

        /** Parses, checks against the meta-schema and compiles {@code json}; IllegalArgumentException naming the problem. */
        static Schema checkAndCompile(String json) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(json);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("unreadable: " + e.getOriginalMessage(), e);
            }
            try {
                checkAgainstMetaSchema(tree);
                return compile(tree);
            } catch (SchemaException | IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        static Schema compile(JsonNode tree) {
            Schema schema = REGISTRY.getSchema(tree);
            schema.initializeValidators(); // every $ref resolved and pattern compiled now, not in a call
            return schema;
        }

        static List<SchemaViolation> ofEmpty(Schema schema) {
            return violations(schema.validate(MAPPER.createObjectNode(), FAIL_FAST)); // resolves every $ref
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

        /** The first of {@code errors} as a violation; empty when there are none. */
        private static List<SchemaViolation> violations(List<Error> errors) {
            if (errors.isEmpty()) {
                return List.of();
            }
            Error e = errors.get(0);
            return List.of(new SchemaViolation(e.getKeyword(), String.valueOf(e.getInstanceLocation()), e.toString()));
        }
    }
}
