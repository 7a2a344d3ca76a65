package dev.tachyon.server.engine;

import dev.tachyon.api.Principal;
import dev.tachyon.api.InputContext;
import dev.tachyon.api.InputResponses;
import java.util.Map;

/**
 * What every handler context has: the request (for the client's capabilities, per request when
 * stateless) and the inputs of this round of it.
 */
abstract class RoundContext implements InputContext {

    final Request request;
    final Inputs inputs;

    RoundContext(Request request, Inputs inputs) {
        this.request = request;
        this.inputs = inputs;
    }

    @Override
    public Map<String, Object> clientCapabilities() {
        return request.clientCapabilities();
    }

    @Override
    public InputResponses inputResponses() {
        return inputs.responses;
    }

    @Override
    public Principal principal() {
        return request.principal;
    }

    @Override
    public String requestState() {
        return inputs.state;
    }
}
