package dev.tachyon.api;

/** A {@code prompts/get} as seen by a {@link PromptRequestHandler}: the arguments, and what came back from the client. */
public interface PromptRequest extends InputContext {

    /** The prompt's name. */
    String name();

    /** The arguments (required ones already checked). */
    Arguments arguments();
}
