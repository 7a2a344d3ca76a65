package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/** An icon for a tool, resource, prompt or the server: a URI (http(s) or data:) with optional type and sizes. */
public final class Icon implements JsonWritable {

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

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"src\":");
        JsonOut.string(out, src);
        if (mimeType != null) {
            JsonOut.ascii(out, ",\"mimeType\":");
            JsonOut.string(out, mimeType);
        }
        if (sizes != null) {
            JsonOut.ascii(out, ",\"sizes\":");
            JsonOut.value(out, sizes);
        }
        out.writeByte('}');
    }
}
