package dev.tachyon.server.engine;

import dev.tachyon.api.Tool;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.server.schema.InputSchema;
import dev.tachyon.server.schema.MirroredParameters;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A tool as the engine keeps it once registered: the user's {@link Tool}, its input schema
 * compiled for checking calls, the arguments it mirrors into HTTP headers, and its schemas'
 * bytes for the listing. Made once per registration, never per call or per catalog version.
 */
final class ToolEntry {

    private static final String ANY_OBJECT = "{\"type\":\"object\"}";

    private final Tool tool;
    private final InputSchema argumentsSchema;
    private final Map<String, String> mirroredParameters;
    private final byte[] inputSchema;
    private final byte[] outputSchema;

    ToolEntry(Tool tool) {
        this.tool = tool;
        String schema = tool.inputSchema();
        this.argumentsSchema = ANY_OBJECT.equals(schema) ? InputSchema.anyObject() : InputSchema.compile(schema);
        argumentsSchema.compileInBackground(); // off the start's critical path, before the first call needs it
        this.inputSchema = schema.getBytes(StandardCharsets.UTF_8);
        // the builder checked the annotations already; most schemas have none, and are not decoded again
        this.mirroredParameters = schema.contains("x-mcp-header")
                ? MirroredParameters.of((Map<?, ?>) JsonValues.read(inputSchema)) : Map.of();
        this.outputSchema = tool.outputSchema() == null ? null : tool.outputSchema().getBytes(StandardCharsets.UTF_8);
    }

    Tool tool() {
        return tool;
    }

    String name() {
        return tool.name();
    }

    /** The input schema, compiled: every call's arguments are checked against it before the handler runs. */
    InputSchema argumentsSchema() {
        return argumentsSchema;
    }

    /**
     * The top-level arguments the input schema marks with {@code "x-mcp-header": "<Name>"}:
     * argument name to header name suffix. Over Streamable HTTP (2026-07-28) a client mirrors
     * each such argument in an {@code Mcp-Param-<Name>} header, which must match the body.
     */
    Map<String, String> mirroredParameters() {
        return mirroredParameters;
    }

    /** Writes the tool as listed in {@code tools/list}. */
    void writeListing(ByteBuf out) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, tool.name());
        ModelJson.presentation(out, tool);
        JsonOut.ascii(out, ",\"inputSchema\":");
        out.writeBytes(inputSchema);
        if (outputSchema != null) {
            JsonOut.ascii(out, ",\"outputSchema\":");
            out.writeBytes(outputSchema);
        }
        if (tool.taskSupport() != dev.tachyon.api.TaskSupport.FORBIDDEN) {
            // 2025-11-25's per-tool task negotiation; absent means forbidden. Later revisions ignore it.
            JsonOut.ascii(out, ",\"execution\":{\"taskSupport\":\"");
            JsonOut.ascii(out, tool.taskSupport() == dev.tachyon.api.TaskSupport.REQUIRED ? "required" : "optional");
            JsonOut.ascii(out, "\"}");
        }
        if (tool.annotations() != null) {
            JsonOut.ascii(out, ",\"annotations\":");
            ModelJson.toolAnnotations(out, tool.annotations());
        }
        if (tool.meta() != null) {
            JsonOut.ascii(out, ",\"_meta\":");
            JsonOut.value(out, tool.meta());
        }
        out.writeByte('}');
    }
}
