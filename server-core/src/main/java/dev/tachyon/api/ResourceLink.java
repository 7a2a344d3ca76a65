package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
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

    void writeJson(ByteBuf out, Annotations annotations) {
        JsonOut.ascii(out, "{\"type\":\"resource_link\",\"uri\":");
        JsonOut.string(out, uri);
        JsonOut.ascii(out, ",\"name\":");
        JsonOut.string(out, name);
        if (description != null) {
            JsonOut.ascii(out, ",\"description\":");
            JsonOut.string(out, description);
        }
        if (mimeType != null) {
            JsonOut.ascii(out, ",\"mimeType\":");
            JsonOut.string(out, mimeType);
        }
        if (annotations != null) {
            JsonOut.ascii(out, ",\"annotations\":");
            annotations.writeJson(out);
        }
        out.writeByte('}');
    }
}
