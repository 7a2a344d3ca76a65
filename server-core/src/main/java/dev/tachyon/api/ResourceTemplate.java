package dev.tachyon.api;

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
        this.dispatch = b.dispatch();
        this.handler = b.requireHandler("template " + b.uriTemplate);
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
    public static final class Builder extends HandledItemBuilder<Builder, ResourceRequestHandler> {
        private final UriTemplate uriTemplate;
        private final String name;
        private String mimeType;
        private Annotations annotations;
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


        @Override
        Builder self() {
            return this;
        }

        public ResourceTemplate build() {
            return new ResourceTemplate(this);
        }
    }
}
