package dev.tachyon.api;

import java.util.List;

/** The answer to {@code prompts/get}: an optional description and the messages. Immutable. */
public final class PromptResult {

    private final String description;
    private final List<PromptMessage> messages;
    private final InputRequired inputRequired;

    private PromptResult(String description, List<PromptMessage> messages, InputRequired inputRequired) {
        this.description = description;
        this.messages = List.copyOf(messages);
        this.inputRequired = inputRequired;
    }

    /**
     * Not yet: the prompt needs this from the client first (see {@link InputRequired}); the
     * handler ({@link PromptRequestHandler}) runs again with the answers.
     */
    public static PromptResult inputRequired(InputRequired request) {
        return new PromptResult(null, List.of(), java.util.Objects.requireNonNull(request, "request"));
    }

    /** What the prompt waits for, or null for a rendered prompt. */
    public InputRequired inputRequired() {
        return inputRequired;
    }

    /** @param description may be null */
    public static PromptResult of(String description, List<PromptMessage> messages) {
        return new PromptResult(description, messages, null);
    }

    /** Messages without a description. */
    public static PromptResult of(PromptMessage... messages) {
        return new PromptResult(null, List.of(messages), null);
    }

    /** The description, or null. */
    public String description() {
        return description;
    }

    /** The messages, unmodifiable. */
    public List<PromptMessage> messages() {
        return messages;
    }
}
