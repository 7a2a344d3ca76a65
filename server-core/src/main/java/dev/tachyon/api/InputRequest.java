package dev.tachyon.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a handler needs from the client before it can answer: a form for the user
 * ({@code elicitation/create}), a completion from the client's model
 * ({@code sampling/createMessage}), or the client's roots ({@code roots/list}). Immutable.
 *
 * <p>Handlers ask with {@link InputRequired}; each request needs the client capability
 * {@link #capability()} names, and is never sent to a client that did not declare it.
 */
public final class InputRequest {

    private final String method;
    private final String capability;
    private final Map<String, Object> params;

    private InputRequest(String method, String capability, Map<String, Object> params) {
        this.method = method;
        this.capability = capability;
        this.params = params;
    }

    /**
     * A form-mode elicitation: {@code message} shown to the user, {@code requestedSchema} the
     * flat object schema of the answer.
     */
    public static InputRequest elicit(String message, Map<String, Object> requestedSchema) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("message", Objects.requireNonNull(message, "message"));
        params.put("requestedSchema", Objects.requireNonNull(requestedSchema, "requestedSchema"));
        return elicit(params);
    }

    /** An elicitation with these params (e.g. with {@code mode}). */
    public static InputRequest elicit(Map<String, Object> params) {
        return new InputRequest("elicitation/create", "elicitation", Map.copyOf(params));
    }

    /** A sampling request with these params ({@code messages}, {@code maxTokens}, ...). */
    public static InputRequest sample(Map<String, Object> params) {
        return new InputRequest("sampling/createMessage", "sampling", Map.copyOf(params));
    }

    /** A request for the client's roots. */
    public static InputRequest listRoots() {
        return new InputRequest("roots/list", "roots", Map.of());
    }

    /** The method the client is asked to run, e.g. {@code "elicitation/create"}. */
    public String method() {
        return method;
    }

    /** The client capability the method needs: {@code elicitation}, {@code sampling} or {@code roots}. */
    public String capability() {
        return capability;
    }

    public Map<String, Object> params() {
        return params;
    }
}
