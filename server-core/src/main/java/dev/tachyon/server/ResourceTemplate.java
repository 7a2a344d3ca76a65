package dev.tachyon.server;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.registry.CatalogEntry;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A family of resources named by an RFC 6570 URI template, e.g. {@code test://template/{id}/data}.
 * A read of a matching URI goes to its handler with the variables bound. Immutable.
 */
public final class ResourceTemplate implements CatalogEntry {

    private final UriTemplate uriTemplate;
    private final String name;
    private final Presentation presentation;
    private final String mimeType;
    private final Annotations annotations;
    private final Dispatch dispatch;
    private final ResourceRequestHandler handler;
    private final Completer completer;

    private ResourceTemplate(Builder b) {
        this.uriTemplate = b.uriTemplate;
        this.name = b.name;
        this.presentation = b.presentation();
        this.mimeType = b.mimeType;
        this.annotations = b.annotations;
        this.dispatch = b.dispatch;
        this.handler = b.handler;
        this.completer = b.completer;
    }

    /** A builder for the template {@code uriTemplate} with the human-facing {@code name}. */
    public static Builder builder(String uriTemplate, String name) {
        return new Builder(uriTemplate, name);
    }

    @Override
    public String key() {
        return uriTemplate.template();
    }

    public UriTemplate uriTemplate() {
        return uriTemplate;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    /** The handler (one given as a {@link ResourceHandler} returns contents only). */
    public ResourceRequestHandler requestHandler() {
        return handler;
    }

    /** Suggests variable values, or null. */
    public Completer completer() {
        return completer;
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"uriTemplate\":");
        JsonOut.string(out, uriTemplate.template());
        JsonOut.ascii(out, ",\"name\":");
        JsonOut.string(out, name);
        presentation.writeMembers(out);
        Describable.writeOptional(out, "mimeType", mimeType);
        Describable.writeOptionalValue(out, "annotations", annotations);
        out.writeByte('}');
    }

    /** Builds a {@link ResourceTemplate}; a handler is required. */
    public static final class Builder extends ItemBuilder<Builder> {
        private final UriTemplate uriTemplate;
        private final String name;
        private String mimeType;
        private Annotations annotations;
        private Dispatch dispatch = Dispatch.INLINE;
        private ResourceRequestHandler handler;
        private Completer completer;

        private Builder(String uriTemplate, String name) {
            this.uriTemplate = UriTemplate.parse(Describable.requireText(uriTemplate, "uriTemplate"));
            this.name = Describable.requireText(name, "template name");
        }

        public Builder mimeType(String value) {
            this.mimeType = value;
            return this;
        }

        public Builder annotations(Annotations value) {
            this.annotations = value;
            return this;
        }

        public Builder completer(Completer value) {
            this.completer = value;
            return this;
        }

        public Builder handler(Dispatch where, ResourceHandler value) {
            return requestHandler(where, Objects.requireNonNull(value, "handler").asRequestHandler());
        }

        /**
         * A handler that sees the whole read: the client's capabilities and, after it answered
         * {@link ResourceResult#inputRequired}, the client's answers. Input required in a
         * stateful session needs {@link Dispatch#BLOCKING}: the server waits for the client.
         */
        public Builder requestHandler(Dispatch where, ResourceRequestHandler value) {
            this.dispatch = Objects.requireNonNull(where, "where");
            this.handler = Objects.requireNonNull(value, "handler");
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        public ResourceTemplate build() {
            if (handler == null) {
                throw new IllegalStateException("template " + uriTemplate + " has no handler");
            }
            return new ResourceTemplate(this);
        }
    }
}
