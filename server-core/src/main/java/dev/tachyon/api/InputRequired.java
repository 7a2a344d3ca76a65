package dev.tachyon.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A handler's answer "not yet: I need this from the client first" (multi round-trip requests).
 * Returned through {@link ToolResult#inputRequired}, {@link PromptResult#inputRequired} or
 * {@link ResourceResult#inputRequired}. Immutable.
 *
 * <pre>{@code
 * Tool greet = Tool.builder("greet")
 *     .description("Greets the user by name")
 *     .blocking(call -> {
 *         Map<String, Object> answer = call.inputResponses().get("name");
 *         if (answer == null) {   // first call, or the client left the answer out: ask (again)
 *             return ToolResult.inputRequired(InputRequired.of("name",
 *                     InputRequest.elicit("What is your name?", NAME_SCHEMA)));
 *         }
 *         return ToolResult.text("Hello, " + ((Map<?, ?>) answer.get("content")).get("name"));
 *     })
 *     .build();
 * }</pre>
 *
 * <p>The same handler serves both protocol eras. In the stateless revision (2026-07-28) the
 * client receives an {@code input_required} result, answers the requests itself, and calls
 * again with {@code inputResponses} (and the {@code requestState}): a new request that any
 * server instance can take. In the stateful revisions the server sends each request to the
 * client itself ({@code elicitation/create}, ...), waits for the answers and calls the handler
 * again at once, with the answers and the state; that needs a handler that may block
 * ({@link Dispatch#BLOCKING}).
 *
 * <p>{@link #state} is an opaque string the next round gets back through
 * {@link ToolCall#requestState()}: what the handler has learnt so far. The server protects it
 * (an HMAC binding it to the method, the request's params and an expiry), so a client can
 * neither read it meaningfully nor change or replay it elsewhere; it still travels through the
 * client, so keep it small and put nothing secret in it.
 */
public final class InputRequired {

    private final Map<String, InputRequest> requests;
    private final String state;

    private InputRequired(Map<String, InputRequest> requests, String state) {
        this.requests = requests;
        this.state = state;
    }

    /** One request under {@code key}, no state. */
    public static InputRequired of(String key, InputRequest request) {
        return builder().ask(key, request).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The requests by key, in the order they were added. */
    public Map<String, InputRequest> requests() {
        return requests;
    }

    /** The state for the next round, or null. */
    public String state() {
        return state;
    }

    /** Builds an {@link InputRequired}: at least one request or a state. */
    public static final class Builder {
        private final Map<String, InputRequest> requests = new LinkedHashMap<>();
        private String state;

        private Builder() {
        }

        /** Asks {@code request}; the answer comes back under {@code key}, which must be unique. */
        public Builder ask(String key, InputRequest request) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(request, "request");
            if (key.isEmpty() || requests.putIfAbsent(key, request) != null) {
                throw new IllegalArgumentException("input request keys must be non-empty and unique: '" + key + "'");
            }
            return this;
        }

        /** State for the next round (see {@link InputRequired}). */
        public Builder state(String value) {
            this.state = Objects.requireNonNull(value, "state");
            return this;
        }

        public InputRequired build() {
            if (requests.isEmpty() && state == null) {
                throw new IllegalStateException("an input-required answer needs at least one request or a state");
            }
            return new InputRequired(Collections.unmodifiableMap(new LinkedHashMap<>(requests)), state);
        }
    }
}
