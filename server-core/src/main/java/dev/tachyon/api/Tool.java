package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.RawJson;
import dev.tachyon.registry.CatalogEntry;
import dev.tachyon.server.schema.InputSchema;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.Objects;
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
public final class Tool implements CatalogEntry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final RawJson EMPTY_OBJECT_SCHEMA = RawJson.trusted(
            "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final String name;
    private final Presentation presentation;
    private final RawJson inputSchema;
    private final InputSchema argumentsSchema;
    private final RawJson outputSchema;
    private final ToolAnnotations annotations;
    private final Object meta;
    private final Map<String, String> mirroredParameters;
    private final Dispatch dispatch;
    private final InlineToolHandler inlineHandler;
    private final BlockingToolHandler blockingHandler;

    private Tool(Builder b) {
        this.name = b.name;
        this.presentation = b.presentation();
        this.inputSchema = b.inputSchema == null ? EMPTY_OBJECT_SCHEMA : b.inputSchema;
        this.argumentsSchema = b.inputSchema == null ? InputSchema.anyObject() : b.argumentsSchema;
        this.outputSchema = b.outputSchema;
        this.annotations = b.annotations;
        this.meta = b.meta;
        this.mirroredParameters = b.mirroredParameters;
        this.inlineHandler = b.inlineHandler;
        this.blockingHandler = b.blockingHandler;
        this.dispatch = b.inlineHandler != null ? Dispatch.INLINE : Dispatch.BLOCKING;
    }

    /**
     * A builder for a tool named {@code name}.
     *
     * @throws IllegalArgumentException unless the name is 1 to 128 characters of {@code [A-Za-z0-9_.-]}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String key() {
        return name;
    }

    public String name() {
        return name;
    }

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

    /**
     * The input schema, compiled: the engine checks every call's arguments against it before the
     * handler runs, and answers a violation without calling the handler.
     */
    public InputSchema argumentsSchema() {
        return argumentsSchema;
    }

    /**
     * The top-level arguments the input schema marks with {@code "x-mcp-header": "<Name>"}:
     * argument name to header name suffix. Over Streamable HTTP (2026-07-28) a client mirrors
     * each such argument in an {@code Mcp-Param-<Name>} header, which must match the body.
     */
    public Map<String, String> mirroredParameters() {
        return mirroredParameters;
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, name);
        presentation.writeMembers(out);
        JsonOut.ascii(out, ",\"inputSchema\":");
        JsonOut.value(out, inputSchema);
        Describable.writeOptionalValue(out, "outputSchema", outputSchema);
        Describable.writeOptionalValue(out, "annotations", annotations);
        Describable.writeOptionalValue(out, "_meta", meta);
        out.writeByte('}');
    }

    /** Builds a {@link Tool}. Exactly one of {@link #inline} or {@link #blocking} must be given. */
    public static final class Builder extends ItemBuilder<Builder> {
        private final String name;
        private RawJson inputSchema;
        private InputSchema argumentsSchema;
        private RawJson outputSchema;
        private ToolAnnotations annotations;
        private Object meta;
        private Map<String, String> mirroredParameters = Map.of();
        private InlineToolHandler inlineHandler;
        private BlockingToolHandler blockingHandler;

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "tool name must be 1-128 characters of [A-Za-z0-9_.-]: " + name);
            }
            this.name = name;
        }

        /**
         * The JSON Schema of the arguments, kept verbatim; its root must be {@code "type":"object"}.
         * It is compiled here, once: every call's arguments are checked against it before the
         * handler runs (see {@link InputSchema}).
         *
         * @throws IllegalArgumentException when it is not a valid JSON Schema (checked against its
         *     draft's meta-schema, every {@code $ref} resolved, every {@code pattern} compiled)
         */
        public Builder inputSchema(String json) {
            RawJson raw = RawJson.of(json);
            Map<String, String> mirrored = MirroredParameters.of(requireObjectSchema(json, "inputSchema"));
            this.argumentsSchema = InputSchema.compile(json);
            this.inputSchema = raw;
            this.mirroredParameters = mirrored;
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

        /** The {@code _meta} member of the listing (any JSON-writable value). */
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

        @Override
        Builder self() {
            return this;
        }

        public Tool build() {
            if (inlineHandler == null && blockingHandler == null) {
                throw new IllegalStateException("tool " + name + " has no handler");
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
