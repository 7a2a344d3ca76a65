package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonWritable;
import dev.tachyon.server.Arguments;
import dev.tachyon.server.McpException;
import dev.tachyon.server.Prompt;
import dev.tachyon.server.PromptArgument;
import dev.tachyon.server.PromptResult;
import java.util.Map;

/** {@code prompts/get}: checks the arguments against the prompt's declaration, then renders it. */
final class PromptMethods {

    private final Catalogs catalogs;
    private final Offload offload;

    PromptMethods(Catalogs catalogs, Offload offload) {
        this.catalogs = catalogs;
        this.offload = offload;
    }

    void get(Request request) {
        String name = Params.requireString(request.params, "name");
        Prompt prompt = catalogs.prompts().snapshot().get(name);
        if (prompt == null) {
            throw new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS, "Unknown prompt: " + name,
                    Map.of("prompt", name));
        }
        Map<String, Object> given = Params.optionalObject(request.params, "arguments");
        Arguments arguments = Arguments.of(given);
        for (PromptArgument declared : prompt.arguments()) {
            Object value = arguments.get(declared.name());
            if (value == null && declared.required()) {
                throw McpException.invalidParams("missing required argument '" + declared.name() + "'");
            }
            if (value != null && !(value instanceof String)) {
                throw McpException.invalidParams("argument '" + declared.name() + "' must be a string");
            }
        }
        offload.run(request, prompt.dispatch(), () -> body(prompt.handler().get(arguments)));
    }

    private static JsonWritable body(PromptResult result) {
        if (result == null) {
            throw new IllegalStateException("the prompt handler returned no result");
        }
        return out -> {
            out.writeByte('{');
            result.writeJson(out);
            out.writeByte('}');
        };
    }
}
