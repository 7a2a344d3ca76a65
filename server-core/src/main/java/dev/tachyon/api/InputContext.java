package dev.tachyon.api;

import java.util.Map;

/**
 * What a tool call, prompt request or resource read knows about the client and about earlier
 * rounds of the same request: the capabilities the client declared, and the answers and state
 * that come back after the handler asked for input ({@link InputRequired}).
 */
public interface InputContext {

    /** The client's declared capabilities, e.g. {@code {"sampling":{},"elicitation":{}}}. */
    default Map<String, Object> clientCapabilities() {
        return Map.of();
    }

    /** Whether the client declared {@code capability} (e.g. {@code "elicitation"}). */
    default boolean declares(String capability) {
        return clientCapabilities().get(capability) instanceof Map;
    }

    /**
     * The client's answers to what an earlier round asked for; empty on a first call. In the
     * stateless revision these are the request's {@code inputResponses}.
     */
    default InputResponses inputResponses() {
        return InputResponses.none();
    }

    /**
     * The {@link InputRequired#state() state} the previous round returned, verified by the
     * server (a changed, expired or misplaced state never reaches a handler); null on a first
     * call or when that round set none.
     */
    default String requestState() {
        return null;
    }

    /**
     * Who sent the request: the validated token's or client certificate's principal, or
     * {@link Principal#anonymous()} when the transport authenticates no one.
     */
    default Principal principal() {
        return Principal.anonymous();
    }
}
