package dev.tachyon.api;

import java.util.Objects;

/**
 * The builder of an item served by one handler (a resource, a template, a prompt): where the
 * handler runs and the handler itself, on top of what every listed item has.
 *
 * @param <B> the concrete builder
 * @param <H> the handler type
 */
public abstract class HandledItemBuilder<B extends HandledItemBuilder<B, H>, H> extends ItemBuilder<B> {

    private Dispatch dispatch = Dispatch.INLINE;
    private H handler;

    HandledItemBuilder() {
    }

    /**
     * The handler that sees the whole request (the client's capabilities and, after an
     * input-required answer, the client's answers) and where it runs. Input required in a
     * stateful session needs {@link Dispatch#BLOCKING}: the server waits for the client there.
     */
    public B requestHandler(Dispatch where, H value) {
        this.dispatch = Objects.requireNonNull(where, "where");
        this.handler = Objects.requireNonNull(value, "handler");
        return self();
    }

    Dispatch dispatch() {
        return dispatch;
    }

    /** The handler; throws when none was given, naming {@code what} is being built. */
    H requireHandler(String what) {
        if (handler == null) {
            throw new IllegalStateException(what + " has no handler");
        }
        return handler;
    }
}
