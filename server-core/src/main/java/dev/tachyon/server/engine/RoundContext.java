package dev.tachyon.server.engine;

/**
 * What every handler context but a tool call's has: the request (for the client's capabilities,
 * per request when stateless) and the inputs of this round of it ({@link RequestRound}).
 */
abstract class RoundContext implements RequestRound {

    final Request request;
    final Inputs inputs;

    RoundContext(Request request, Inputs inputs) {
        this.request = request;
        this.inputs = inputs;
    }

    @Override
    public final Request request() {
        return request;
    }

    @Override
    public final Inputs inputs() {
        return inputs;
    }
}
