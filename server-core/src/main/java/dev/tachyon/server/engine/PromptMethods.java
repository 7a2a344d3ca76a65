package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptArgument;
import dev.tachyon.api.PromptRequest;
import dev.tachyon.api.PromptResult;
import java.util.Map;

/** {@code prompts/get}: checks the arguments against the prompt's declaration, then renders it. */
final class PromptMethods {

    private final Catalogs catalogs;
    private final Offload offload;
    private final InputRounds rounds;

    PromptMethods(Catalogs catalogs, Offload offload, InputRounds rounds) {
        this.catalogs = catalogs;
        this.offload = offload;
        this.rounds = rounds;
    }

    void get(Request request) {
        String name = Params.requireString(request.params(), "name");
        Prompt prompt = catalogs.prompts().snapshot().get(name);
        if (prompt == null) {
            throw new McpException(dev.tachyon.codec.ErrorCodes.INVALID_PARAMS, "Unknown prompt: " + name,
                    Map.of("prompt", name));
        }
        Map<String, Object> given = Params.optionalObject(request.params(), "arguments");
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
        Inputs inputs = rounds.inputs(request);
        boolean blocking = prompt.dispatch() == dev.tachyon.api.Dispatch.BLOCKING;
        offload.run(request, prompt.dispatch(), () -> rounds.drive(request, inputs, blocking,
                next -> outcome(prompt.requestHandler().get(new Get(request, name, arguments, next)))));
    }

    private static InputRounds.Outcome outcome(PromptResult result) {
        if (result == null) {
            throw new IllegalStateException("the prompt handler returned no result");
        }
        if (result.inputRequired() != null) {
            return InputRounds.Outcome.input(result.inputRequired());
        }
        return InputRounds.Outcome.body(out -> {
            out.writeByte('{');
            ModelJson.promptResultMembers(out, result);
            out.writeByte('}');
        });
    }

    /** One round of a {@code prompts/get} as its handler sees it. */
    private static final class Get extends CallContext implements PromptRequest {
        Get(Request request, String name, Arguments arguments, Inputs inputs) {
            super(request, name, arguments, inputs);
        }
    }
}
