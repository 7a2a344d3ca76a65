package dev.tachyon.server.engine;

import dev.tachyon.api.InputContext;
import dev.tachyon.api.InputResponses;
import dev.tachyon.api.Principal;
import java.util.Map;

/**
 * What every handler context answers from its request (the client's capabilities, per request
 * when stateless; the principal) and from the inputs of this round of it. An interface rather
 * than a base class so that a tool call, which extends its arguments' class
 * ({@link ToolCallContext}), shares it with the others ({@link RoundContext}).
 */
interface RequestRound extends InputContext {

    /** The request this handler answers. */
    Request request();

    /** The inputs of this round of the request. */
    Inputs inputs();

    @Override
    default Map<String, Object> clientCapabilities() {
        return request().clientCapabilities();
    }

    @Override
    default InputResponses inputResponses() {
        return inputs().responses;
    }

    @Override
    default Principal principal() {
        return request().principal;
    }

    @Override
    default String requestState() {
        return inputs().state;
    }
}
