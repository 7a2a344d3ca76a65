package dev.tachyon.api;

import java.util.Objects;

/** The contents of a resource as read: text, or base64 binary ({@code blob}). Immutable. */
public final class ResourceContents {

    private final String uri;
    private final String mimeType;
    private final String text;
    private final String blob;

    private ResourceContents(String uri, String mimeType, String text, String blob) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.mimeType = mimeType;
        this.text = text;
        this.blob = blob;
    }

    /** Text contents; {@code mimeType} may be null. */
    public static ResourceContents text(String uri, String mimeType, String text) {
        return new ResourceContents(uri, mimeType, Objects.requireNonNull(text, "text"), null);
    }

    /** Binary contents as base64; {@code mimeType} may be null. */
    public static ResourceContents blob(String uri, String mimeType, String base64) {
        return new ResourceContents(uri, mimeType, null, Objects.requireNonNull(base64, "base64"));
    }

    public String uri() {
        return uri;
    }

    /** The MIME type, or null. */
    public String mimeType() {
        return mimeType;
    }

    /** The text of text contents, else null. */
    public String text() {
        return text;
    }

    /** The base64 data of binary contents, else null. */
    public String blob() {
        return blob;
    }
}
