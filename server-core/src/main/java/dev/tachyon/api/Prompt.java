package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.registry.CatalogEntry;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A prompt template: its listing, arguments, handler and optional argument completer. Immutable. */
public final class Prompt implements CatalogEntry {

    private final String name;
    private final Presentation presentation;
    private final List<PromptArgument> arguments;
    private final Dispatch dispatch;
    private final PromptRequestHandler handler;
    private final Completer completer;

    private Prompt(Builder b) {
        this.name = b.name;
        this.presentation = b.presentation();
        this.arguments = List.copyOf(b.arguments);
        this.dispatch = b.dispatch();
        this.handler = b.requireHandler("prompt " + b.name);
        this.completer = b.completer;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String key() {
        return name;
    }

    public List<PromptArgument> arguments() {
        return arguments;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    /** The handler (one given as a {@link PromptHandler} sees only the arguments). */
    public PromptRequestHandler requestHandler() {
        return handler;
    }

    /** Suggests argument values, or null. */
    public Completer completer() {
        return completer;
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, name);
        presentation.writeMembers(out);
        if (!arguments.isEmpty()) {
            JsonOut.ascii(out, ",\"arguments\":");
            JsonOut.value(out, arguments);
        }
        out.writeByte('}');
    }

    /** Builds a {@link Prompt}; a handler is required. */
    public static final class Builder extends HandledItemBuilder<Builder, PromptRequestHandler> {
        private final String name;
        private final List<PromptArgument> arguments = new ArrayList<>();
        private Completer completer;

        private Builder(String name) {
            this.name = Describable.requireText(name, "prompt name");
        }

        public Builder argument(String argName, String argDescription, boolean required) {
            arguments.add(PromptArgument.of(argName, argDescription, required));
            return this;
        }

        public Builder completer(Completer value) {
            this.completer = value;
            return this;
        }

        public Builder handler(Dispatch where, PromptHandler value) {
            Objects.requireNonNull(value, "handler");
            return requestHandler(where, request -> value.get(request.arguments()));
        }


        @Override
        Builder self() {
            return this;
        }

        public Prompt build() {
            return new Prompt(this);
        }
    }
}
