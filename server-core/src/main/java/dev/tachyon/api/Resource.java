package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.registry.CatalogEntry;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * A resource with a fixed URI: its listing and its handler. Immutable; built with
 * {@link #builder(String, String)}.
 */
public final class Resource implements CatalogEntry {

    private final String uri;
    private final String name;
    private final Presentation presentation;
    private final String mimeType;
    private final Long size;
    private final Annotations annotations;
    private final Dispatch dispatch;
    private final ResourceRequestHandler handler;

    private Resource(Builder b) {
        this.uri = b.uri;
        this.name = b.name;
        this.presentation = b.presentation();
        this.mimeType = b.mimeType;
        this.size = b.size;
        this.annotations = b.annotations;
        this.dispatch = b.dispatch();
        this.handler = b.requireHandler("resource " + b.uri);
    }

    /** A builder for the resource at {@code uri} with the human-facing {@code name}. */
    public static Builder builder(String uri, String name) {
        return new Builder(uri, name);
    }

    @Override
    public String key() {
        return uri;
    }

    public String uri() {
        return uri;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    /** The handler (one given as a {@link ResourceHandler} returns contents only). */
    public ResourceRequestHandler requestHandler() {
        return handler;
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"uri\":");
        JsonOut.string(out, uri);
        JsonOut.ascii(out, ",\"name\":");
        JsonOut.string(out, name);
        presentation.writeMembers(out);
        Describable.writeOptional(out, "mimeType", mimeType);
        Describable.writeOptionalValue(out, "size", size);
        Describable.writeOptionalValue(out, "annotations", annotations);
        out.writeByte('}');
    }

    /** Builds a {@link Resource}; a handler is required. */
    public static final class Builder extends HandledItemBuilder<Builder, ResourceRequestHandler> {
        private final String uri;
        private final String name;
        private String mimeType;
        private Long size;
        private Annotations annotations;

        private Builder(String uri, String name) {
            this.uri = Describable.requireText(uri, "resource uri");
            this.name = Describable.requireText(name, "resource name");
        }

        public Builder mimeType(String value) {
            this.mimeType = value;
            return this;
        }

        /** Size in bytes, if known. */
        public Builder size(long value) {
            this.size = value;
            return this;
        }

        public Builder annotations(Annotations value) {
            this.annotations = value;
            return this;
        }

        /** Fixed text contents, served inline with this resource's MIME type. */
        public Builder text(String text) {
            Objects.requireNonNull(text, "text");
            return handler(Dispatch.INLINE, r -> List.of(ResourceContents.text(r.uri(), mimeType, text)));
        }

        /** The handler and where it runs. */
        public Builder handler(Dispatch where, ResourceHandler value) {
            return requestHandler(where, Objects.requireNonNull(value, "handler").asRequestHandler());
        }


        @Override
        Builder self() {
            return this;
        }

        public Resource build() {
            return new Resource(this);
        }
    }
}
