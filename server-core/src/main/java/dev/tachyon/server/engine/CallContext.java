package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;

/**
 * A round of a request that names something and passes it arguments: a prompt. (A tool call is
 * its own arguments, {@link ToolCallContext}, and so extends {@link FrameArguments} instead.)
 */
abstract class CallContext extends RoundContext {

    final String name;
    final Arguments arguments;

    CallContext(Request request, String name, Arguments arguments, Inputs inputs) {
        super(request, inputs);
        this.name = name;
        this.arguments = arguments;
    }

    public String name() {
        return name;
    }

    public Arguments arguments() {
        return arguments;
    }
}
