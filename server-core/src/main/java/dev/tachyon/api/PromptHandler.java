package dev.tachyon.api;

/** Renders a prompt for {@code prompts/get}. Required arguments are checked before it is called. */
@FunctionalInterface
public interface PromptHandler {

    /** @throws McpException to answer with that error */
    PromptResult get(Arguments arguments) throws Exception;
}
