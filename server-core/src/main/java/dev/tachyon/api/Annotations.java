package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * MCP annotations on content and resources: who the item is for, how important it is, and when
 * it last changed. Immutable; absent members are not written.
 */
public final class Annotations implements JsonWritable {

    private final List<String> audience;
    private final Double priority;
    private final String lastModified;

    private Annotations(List<String> audience, Double priority, String lastModified) {
        this.audience = audience;
        this.priority = priority;
        this.lastModified = lastModified;
    }

    /**
     * @param audience roles the item is meant for ({@code "user"}, {@code "assistant"}), or null
     * @param priority importance from 0 (optional) to 1 (required), or null
     * @param lastModified an ISO 8601 timestamp, or null
     */
    public static Annotations of(List<String> audience, Double priority, String lastModified) {
        if (priority != null && (priority < 0 || priority > 1)) {
            throw new IllegalArgumentException("priority must be within [0, 1]: " + priority);
        }
        if (audience != null) {
            for (String role : audience) {
                if (!role.equals("user") && !role.equals("assistant")) {
                    throw new IllegalArgumentException("audience role must be user or assistant: " + role);
                }
            }
        }
        return new Annotations(audience == null ? null : List.copyOf(audience), priority, lastModified);
    }

    @Override
    public void writeJson(ByteBuf out) {
        out.writeByte('{');
        boolean first = true;
        if (audience != null) {
            JsonOut.ascii(out, "\"audience\":");
            JsonOut.value(out, audience);
            first = false;
        }
        if (priority != null) {
            JsonOut.ascii(out, first ? "\"priority\":" : ",\"priority\":");
            JsonOut.value(out, priority);
            first = false;
        }
        if (lastModified != null) {
            JsonOut.ascii(out, first ? "\"lastModified\":" : ",\"lastModified\":");
            JsonOut.string(out, lastModified);
        }
        out.writeByte('}');
    }
}
