package dev.tachyon.api;

/**
 * Renders a prompt for {@code prompts/get}, with access to the client's capabilities and to
 * the answers of earlier rounds, so that it may answer {@link PromptResult#inputRequired}.
 */
@FunctionalInterface
public interface PromptRequestHandler {

    /** @throws McpException to answer with that error */
    PromptResult get(PromptRequest request) throws Exception;
}
