package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** One message of a prompt: a role and one content item. Immutable. */
public final class PromptMessage implements JsonWritable {

    private final String role;
    private final Content content;

    private PromptMessage(String role, Content content) {
        this.role = role;
        this.content = Objects.requireNonNull(content, "content");
    }

    /** A message from the user. */
    public static PromptMessage user(Content content) {
        return new PromptMessage("user", content);
    }

    /** A message from the assistant. */
    public static PromptMessage assistant(Content content) {
        return new PromptMessage("assistant", content);
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"role\":");
        JsonOut.string(out, role);
        JsonOut.ascii(out, ",\"content\":");
        content.writeJson(out);
        out.writeByte('}');
    }
}
