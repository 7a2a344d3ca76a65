package dev.tachyon.api;

import java.util.Objects;

/**
 * A family of resources named by an RFC 6570 URI template, e.g. {@code test://template/{id}/data}.
 * A read of a matching URI goes to its handler with the variables bound. Immutable.
 */
public final class ResourceTemplate extends ListedItem {

    private final UriTemplate uriTemplate;
    private final String name;
    private final String mimeType;
    private final Annotations annotations;
    private final Dispatch dispatch;
    private final ResourceRequestHandler handler;
    private final Completer completer;

    private ResourceTemplate(Builder b) {
        super(b);
        this.uriTemplate = b.uriTemplate;
        this.name = b.name;
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

    /** The URI template, unique among the server's templates by its text. */
    public UriTemplate uriTemplate() {
        return uriTemplate;
    }

    /** The human-facing name. */
    public String name() {
        return name;
    }

    /** The MIME type of the resources it names, or null. */
    public String mimeType() {
        return mimeType;
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

    /** Suggests variable values, or null. */
    public Completer completer() {
        return completer;
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
