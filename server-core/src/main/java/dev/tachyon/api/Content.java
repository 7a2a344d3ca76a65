package dev.tachyon.api;

import java.util.Objects;

/**
 * One item of tool or prompt content: text, image, audio, an embedded resource, or a resource
 * link. Immutable; binary data is carried base64-encoded, as it goes on the wire.
 */
public final class Content {

    private final String type;
    private final String text;
    private final String data;
    private final String mimeType;
    private final ResourceContents resource;
    private final ResourceLink link;
    private final Annotations annotations;

    private Content(String type, String text, String data, String mimeType,
            ResourceContents resource, ResourceLink link, Annotations annotations) {
        this.type = type;
        this.text = text;
        this.data = data;
        this.mimeType = mimeType;
        this.resource = resource;
        this.link = link;
        this.annotations = annotations;
    }

    /** A text item. */
    public static Content text(String text) {
        return new Content("text", Objects.requireNonNull(text, "text"), null, null, null, null, null);
    }

    /** An image item from base64 data, e.g. {@code image/png}. */
    public static Content image(String base64, String mimeType) {
        return new Content("image", null, requireBase64(base64), Objects.requireNonNull(mimeType, "mimeType"),
                null, null, null);
    }

    /** An audio item from base64 data, e.g. {@code audio/wav}. */
    public static Content audio(String base64, String mimeType) {
        return new Content("audio", null, requireBase64(base64), Objects.requireNonNull(mimeType, "mimeType"),
                null, null, null);
    }

    /** An embedded resource item. */
    public static Content resource(ResourceContents contents) {
        return new Content("resource", null, null, null, Objects.requireNonNull(contents, "contents"), null, null);
    }

    /** A link to a resource the client may read. */
    public static Content resourceLink(ResourceLink link) {
        return new Content("resource_link", null, null, null, null, Objects.requireNonNull(link, "link"), null);
    }

    /** This item with annotations. */
    public Content withAnnotations(Annotations value) {
        return new Content(type, text, data, mimeType, resource, link, value);
    }

    /** {@code "text"}, {@code "image"}, {@code "audio"}, {@code "resource"} or {@code "resource_link"}. */
    public String type() {
        return type;
    }

    /** The text of a text item, else null. */
    public String text() {
        return text;
    }

    /** The base64 data of an image or audio item, else null. */
    public String data() {
        return data;
    }

    /** The MIME type of an image or audio item, else null. */
    public String mimeType() {
        return mimeType;
    }

    /** The contents of an embedded resource item, else null. */
    public ResourceContents resource() {
        return resource;
    }

    /** The link of a resource link item, else null. */
    public ResourceLink link() {
        return link;
    }

    /** The annotations, or null. */
    public Annotations annotations() {
        return annotations;
    }

    private static String requireBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        try {
            java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not base64: " + e.getMessage(), e);
        }
        return base64;
    }
}
