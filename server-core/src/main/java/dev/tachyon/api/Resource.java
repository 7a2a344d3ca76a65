package dev.tachyon.api;

import java.util.List;
import java.util.Objects;

/**
 * A resource with a fixed URI: its listing and its handler. Immutable; built with
 * {@link #builder(String, String)}.
 */
public final class Resource extends ListedItem {

    private final String uri;
    private final String name;
    private final String mimeType;
    private final Long size;
    private final Annotations annotations;
    private final Dispatch dispatch;
    private final ResourceRequestHandler handler;

    private Resource(Builder b) {
        super(b);
        this.uri = b.uri;
        this.name = b.name;
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

    /** The resource's URI, unique among the server's resources. */
    public String uri() {
        return uri;
    }

    /** The human-facing name. */
    public String name() {
        return name;
    }

    /** The MIME type, or null. */
    public String mimeType() {
        return mimeType;
    }

    /** The size in bytes, or null when not known. */
    public Long size() {
        return size;
    }

    /** The annotations, or null. */
    public Annotations annotations() {
        return annotations;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    /** The handler (one given as a {@link ResourceHandler} returns contents only). */
    public ResourceRequestHandler requestHandler() {
        return handler;
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
