package dev.tachyon.api;

import dev.tachyon.codec.RawJson;
import dev.tachyon.server.schema.InputSchema;
import dev.tachyon.server.schema.MirroredParameters;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A tool: its listing (name, title, description, schemas, annotations, icons) and its handler.
 * Immutable; built with {@link #builder(String)}.
 *
 * <pre>{@code
 * Tool echo = Tool.builder("echo")
 *     .description("Echoes the text it is given")
 *     .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}")
 *     .inline((call, result) -> result.text(call.arguments().string("text")))
 *     .build();
 * }</pre>
 */
public final class Tool extends ListedItem {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final String EMPTY_OBJECT_SCHEMA = "{\"type\":\"object\"}";

    private final String name;
    private final String inputSchema;
    private final String outputSchema;
    private final ToolAnnotations annotations;
    private final Object meta;
    private final Dispatch dispatch;
    private final InlineToolHandler inlineHandler;
    private final BlockingToolHandler blockingHandler;
    private final TaskSupport taskSupport;
    private final Predicate<InputContext> taskWhen;

    private Tool(Builder b) {
        super(b);
        this.name = b.name;
        this.inputSchema = b.inputSchema == null ? EMPTY_OBJECT_SCHEMA : b.inputSchema.toString();
        this.outputSchema = b.outputSchema == null ? null : b.outputSchema.toString();
        this.annotations = b.annotations;
        this.meta = b.meta;
        this.inlineHandler = b.inlineHandler;
        this.blockingHandler = b.blockingHandler;
        this.dispatch = b.inlineHandler != null ? Dispatch.INLINE : Dispatch.BLOCKING;
        this.taskSupport = b.taskSupport;
        this.taskWhen = b.taskWhen;
    }

    /**
     * A builder for a tool named {@code name}.
     *
     * @throws IllegalArgumentException unless the name is 1 to 128 characters of {@code [A-Za-z0-9_.-]}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The tool's name, unique among the server's tools. */
    public String name() {
        return name;
    }

    /**
     * The JSON Schema of the arguments as JSON text, as listed (insignificant whitespace
     * removed); {@code {"type":"object"}} when none was given.
     */
    public String inputSchema() {
        return inputSchema;
    }

    /** The JSON Schema of {@code structuredContent} as JSON text (as listed), or null. */
    public String outputSchema() {
        return outputSchema;
    }

    /** The behaviour hints, or null. */
    public ToolAnnotations annotations() {
        return annotations;
    }

    /** The {@code _meta} member of the listing, or null. */
    public Object meta() {
        return meta;
    }

    /** Where the handler runs: which of {@link #inlineHandler()} and {@link #blockingHandler()} is set. */
    public Dispatch dispatch() {
        return dispatch;
    }

    /** The handler when {@link #dispatch()} is INLINE, else null. */
    public InlineToolHandler inlineHandler() {
        return inlineHandler;
    }

    /** The handler when {@link #dispatch()} is BLOCKING, else null. */
    public BlockingToolHandler blockingHandler() {
        return blockingHandler;
    }

    /** Whether calls may run as tasks; {@link TaskSupport#FORBIDDEN} unless the builder said otherwise. */
    public TaskSupport taskSupport() {
        return taskSupport;
    }

    /**
     * Which of the calls that may be tasks become one (see {@link Builder#taskWhen}); every one
     * unless the builder said otherwise.
     */
    public Predicate<InputContext> taskWhen() {
        return taskWhen;
    }


    /** Builds a {@link Tool}. Exactly one of {@link #inline} or {@link #blocking} must be given. */
    public static final class Builder extends ItemBuilder<Builder> {
        private final String name;
        private RawJson inputSchema;
        private RawJson outputSchema;
        private ToolAnnotations annotations;
        private Object meta;
        private InlineToolHandler inlineHandler;
        private BlockingToolHandler blockingHandler;
        private TaskSupport taskSupport = TaskSupport.FORBIDDEN;
        private Predicate<InputContext> taskWhen = call -> true;

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "tool name must be 1-128 characters of [A-Za-z0-9_.-]: " + name);
            }
            this.name = name;
        }

        /**
         * The JSON Schema of the arguments, kept verbatim; its root must be {@code "type":"object"}.
         * The server checks every call's arguments against it before the handler runs, and
         * answers a violation without calling the handler. Properties marked
         * {@code "x-mcp-header": "<Name>"} are mirrored by clients of Streamable HTTP (2026-07-28)
         * in an {@code Mcp-Param-<Name>} header, which must match the body.
         *
         * @throws IllegalArgumentException when it is not a valid JSON Schema (checked against its
         *     draft's meta-schema, every {@code $ref} resolved, every {@code pattern} compiled), or
         *     an {@code x-mcp-header} breaks the transport's rules
         */
        public Builder inputSchema(String json) {
            RawJson raw = RawJson.of(json);
            MirroredParameters.of(requireObjectSchema(json, "inputSchema"));
            InputSchema.compile(json); // refused here, where the mistake is made, not when the tool is registered
            this.inputSchema = raw;
            return this;
        }

        /** The JSON Schema of {@code structuredContent}, kept verbatim; its root must be {@code "type":"object"}. */
        public Builder outputSchema(String json) {
            this.outputSchema = RawJson.of(json);
            requireObjectSchema(json, "outputSchema");
            return this;
        }

        public Builder annotations(ToolAnnotations value) {
            this.annotations = value;
            return this;
        }

        /** The {@code _meta} member of the listing (plain JSON values: maps, lists, strings, numbers, booleans). */
        public Builder meta(Object value) {
            this.meta = value;
            return this;
        }

        /** Runs on the event loop; must not block. */
        public Builder inline(InlineToolHandler handler) {
            this.inlineHandler = Objects.requireNonNull(handler, "handler");
            this.blockingHandler = null;
            return this;
        }

        /** Runs on the worker pool; may block. */
        public Builder blocking(BlockingToolHandler handler) {
            this.blockingHandler = Objects.requireNonNull(handler, "handler");
            this.inlineHandler = null;
            return this;
        }

        /**
         * Whether calls may run as tasks (the 2026-07-28 tasks extension). Anything but
         * {@link TaskSupport#FORBIDDEN} needs a {@link #blocking} handler: a task runs on the
         * worker pool, which {@link #build()} checks.
         */
        public Builder taskSupport(TaskSupport value) {
            this.taskSupport = Objects.requireNonNull(value, "taskSupport");
            return this;
        }

        /**
         * Which calls become tasks, among those that may (the tool supports tasks and the request
         * declares the extension): the rest are answered directly, input-required rounds
         * included. The default makes every one a task. A tool that gathers input first and then
         * works long says "once the answers are in": {@code call -> call.inputResponses().has("user_name")}.
         * Runs on the event loop for each such call: it must be quick and must not block.
         */
        public Builder taskWhen(Predicate<InputContext> rule) {
            this.taskWhen = Objects.requireNonNull(rule, "rule");
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        public Tool build() {
            if (inlineHandler == null && blockingHandler == null) {
                throw new IllegalStateException("tool " + name + " has no handler");
            }
            if (taskSupport != TaskSupport.FORBIDDEN && blockingHandler == null) {
                throw new IllegalStateException("tool " + name + " may run as a task, so its handler must be blocking");
            }
            return new Tool(this);
        }

        private static Map<?, ?> requireObjectSchema(String json, String what) {
            Object decoded = Json.parse(json);
            if (!(decoded instanceof Map) || !"object".equals(((Map<?, ?>) decoded).get("type"))) {
                throw new IllegalArgumentException(what + " must be a JSON object with \"type\":\"object\" at its root");
            }
            return (Map<?, ?>) decoded;
        }
    }
}
