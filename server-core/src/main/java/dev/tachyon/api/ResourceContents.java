package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The contents of a resource as read: text, or base64 binary ({@code blob}). Immutable. */
public final class ResourceContents implements JsonWritable {

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

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"uri\":");
        JsonOut.string(out, uri);
        if (mimeType != null) {
            JsonOut.ascii(out, ",\"mimeType\":");
            JsonOut.string(out, mimeType);
        }
        if (text != null) {
            JsonOut.ascii(out, ",\"text\":");
            JsonOut.string(out, text);
        } else {
            JsonOut.ascii(out, ",\"blob\":");
            JsonOut.string(out, blob);
        }
        out.writeByte('}');
    }
}
