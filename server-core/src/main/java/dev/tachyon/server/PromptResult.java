package dev.tachyon.server;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** The answer to {@code prompts/get}: an optional description and the messages. Immutable. */
public final class PromptResult implements JsonWritable {

    private final String description;
    private final List<PromptMessage> messages;

    private PromptResult(String description, List<PromptMessage> messages) {
        this.description = description;
        this.messages = List.copyOf(messages);
    }

    /** @param description may be null */
    public static PromptResult of(String description, List<PromptMessage> messages) {
        return new PromptResult(description, messages);
    }

    /** Messages without a description. */
    public static PromptResult of(PromptMessage... messages) {
        return new PromptResult(null, List.of(messages));
    }

    /** Writes the members of the result object (without braces), for the engine to frame. */
    @Override
    public void writeJson(ByteBuf out) {
        if (description != null) {
            JsonOut.ascii(out, "\"description\":");
            JsonOut.string(out, description);
            out.writeByte(',');
        }
        JsonOut.ascii(out, "\"messages\":");
        JsonOut.value(out, messages);
    }
}
