package dev.tachyon.api;

import java.util.Objects;

/** One message of a prompt: a role and one content item. Immutable. */
public final class PromptMessage {

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

    /** {@code "user"} or {@code "assistant"}. */
    public String role() {
        return role;
    }

    public Content content() {
        return content;
    }
}
