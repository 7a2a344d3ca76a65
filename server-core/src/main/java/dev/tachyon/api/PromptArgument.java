package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;

/** One argument a prompt accepts. Immutable. */
public final class PromptArgument implements JsonWritable {

    private final String name;
    private final String description;
    private final boolean required;

    private PromptArgument(String name, String description, boolean required) {
        this.name = Describable.requireText(name, "argument name");
        this.description = description;
        this.required = required;
    }

    /** @param description may be null */
    public static PromptArgument of(String name, String description, boolean required) {
        return new PromptArgument(name, description, required);
    }

    public String name() {
        return name;
    }

    public boolean required() {
        return required;
    }

    @Override
    public void writeJson(ByteBuf out) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, name);
        Describable.writeOptional(out, "description", description);
        JsonOut.ascii(out, required ? ",\"required\":true}" : ",\"required\":false}");
    }
}
