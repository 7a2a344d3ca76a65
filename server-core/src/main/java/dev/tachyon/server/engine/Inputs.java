package dev.tachyon.server.engine;

import dev.tachyon.api.InputResponses;
import dev.tachyon.api.McpException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler gets back for one round of a request after it answered "input required": the
 * client's answers and the verified state. Immutable.
 */
final class Inputs {

    static final Inputs NONE = new Inputs(InputResponses.none(), null);

    final InputResponses responses;
    final String state;

    Inputs(InputResponses responses, String state) {
        this.responses = responses;
        this.state = state;
    }

    /**
     * The inputs a stateless request carries: {@code inputResponses}, an object whose members
     * are the client's result objects, and {@code requestState}, opened by {@code states}.
     * Stateful requests carry none (their rounds run inside one request).
     *
     * @throws McpException {@code -32602} when either is malformed or the state fails verification
     */
    @SuppressWarnings("unchecked") // decoded JSON objects are Map<String, Object>
    static Inputs of(Request request, RequestState states) {
        if (!request.isStateless()) {
            return NONE;
        }
        Map<String, Object> params = request.params();
        InputResponses responses = InputResponses.none();
        if (params.containsKey("inputResponses")) {
            Object raw = params.get("inputResponses");
            if (!(raw instanceof Map)) {
                throw McpException.invalidParams("inputResponses must be an object of the client's results");
            }
            Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
            for (Map.Entry<String, Object> answer : ((Map<String, Object>) raw).entrySet()) {
                if (!(answer.getValue() instanceof Map)) {
                    throw McpException.invalidParams("inputResponses." + answer.getKey() + " must be a result object");
                }
                answers.put(answer.getKey(), (Map<String, Object>) answer.getValue());
            }
            responses = InputResponses.of(answers);
        }
        String state = null;
        Object sealed = params.get("requestState");
        if (sealed != null) {
            if (!(sealed instanceof String)) {
                throw McpException.invalidParams("requestState must be the string a previous result gave");
            }
            state = states.open(request.method.methodName(), params, request.principal, (String) sealed);
        }
        return responses.isEmpty() && state == null ? NONE : new Inputs(responses, state);
    }
}
