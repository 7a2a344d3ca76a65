package dev.tachyon.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A prompt template: its listing, arguments, handler and optional argument completer. Immutable. */
public final class Prompt extends ListedItem {

    private final String name;
    private final List<PromptArgument> arguments;
    private final Dispatch dispatch;
    private final PromptRequestHandler handler;
    private final Completer completer;

    private Prompt(Builder b) {
        super(b);
        this.name = b.name;
        this.arguments = List.copyOf(b.arguments);
        this.dispatch = b.dispatch();
        this.handler = b.requireHandler("prompt " + b.name);
        this.completer = b.completer;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The prompt's name, unique among the server's prompts. */
    public String name() {
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
