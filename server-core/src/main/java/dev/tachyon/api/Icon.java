package dev.tachyon.api;

import java.util.List;
import java.util.Objects;

/** An icon for a tool, resource, prompt or the server: a URI (http(s) or data:) with optional type and sizes. */
public final class Icon {

    private final String src;
    private final String mimeType;
    private final List<String> sizes;

    private Icon(String src, String mimeType, List<String> sizes) {
        this.src = Objects.requireNonNull(src, "src");
        this.mimeType = mimeType;
        this.sizes = sizes == null ? null : List.copyOf(sizes);
    }

    /** @param mimeType may be null; @param sizes such as {@code "48x48"} or {@code "any"}, may be null */
    public static Icon of(String src, String mimeType, List<String> sizes) {
        return new Icon(src, mimeType, sizes);
    }

    /** The icon's URI. */
    public String src() {
        return src;
    }

    /** Its MIME type, or null. */
    public String mimeType() {
        return mimeType;
    }

    /** Its sizes, unmodifiable, or null when not given. */
    public List<String> sizes() {
        return sizes;
    }
}
