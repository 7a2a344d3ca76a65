package dev.tachyon.api;

import java.util.Objects;

/** A {@code resource_link} content item: a resource the client may fetch with {@code resources/read}. */
public final class ResourceLink {

    private final String uri;
    private final String name;
    private final String description;
    private final String mimeType;

    private ResourceLink(String uri, String name, String description, String mimeType) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.name = Objects.requireNonNull(name, "name");
        this.description = description;
        this.mimeType = mimeType;
    }

    /** A link; {@code description} and {@code mimeType} may be null. */
    public static ResourceLink of(String uri, String name, String description, String mimeType) {
        return new ResourceLink(uri, name, description, mimeType);
    }

    public String uri() {
        return uri;
    }

    public String name() {
        return name;
    }

    /** The description, or null. */
    public String description() {
        return description;
    }

    /** The MIME type, or null. */
    public String mimeType() {
        return mimeType;
    }
}
