package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.api.InputRequest;
import dev.tachyon.api.InputRequired;
import dev.tachyon.api.InputResponses;
import dev.tachyon.api.McpException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a handler that may answer "input required" ({@link InputRequired}), in either era.
 *
 * <ul>
 *   <li>Stateless (2026-07-28): the answer becomes an {@code input_required} result and the
 *       request ends; the client answers the requests and calls again with
 *       {@code inputResponses} and the sealed {@code requestState}, which {@link Inputs#of}
 *       hands to the handler's next round.</li>
 *   <li>Stateful: the server sends each request to the client ({@link ClientRequests}), waits,
 *       and runs the handler again with the answers and the state, up to
 *       {@link #MAX_ROUNDS} times; this blocks, so only on a worker.</li>
 * </ul>
 *
 * <p>Either way a request needing a capability the client did not declare is never sent: the
 * request fails with {@code -32021} and {@code data.requiredCapabilities}, in the stateful
 * revisions with {@link ClientRequests}' own error.
 */
final class InputRounds {

    /** Rounds one stateful request may take before it fails (a handler that never finishes asking). */
    static final int MAX_ROUNDS = 16;

    /** One run of the handler with these inputs. */
    @FunctionalInterface
    interface Round {
        Outcome run(Inputs inputs) throws Exception;
    }

    /** What one run produced: a result body, or what it waits for. */
    static final class Outcome {
        final JsonWritable body;
        final InputRequired input;

        private Outcome(JsonWritable body, InputRequired input) {
            this.body = body;
            this.input = input;
        }

        static Outcome body(JsonWritable body) {
            return new Outcome(body, null);
        }

        static Outcome input(InputRequired input) {
            return new Outcome(null, input);
        }
    }

    /** A result body that asks for input: written as it is, shaped {@code input_required}. */
    static final class InputRequiredBody implements JsonWritable {
        private final JsonWritable body;

        InputRequiredBody(JsonWritable body) {
            this.body = body;
        }

        @Override
        public void writeJson(io.netty.buffer.ByteBuf out) {
            body.writeJson(out);
        }
    }

    private final RequestState states;
    private final ClientRequests clientRequests;

    InputRounds(RequestState states, ClientRequests clientRequests) {
        this.states = states;
        this.clientRequests = clientRequests;
    }

    /** The inputs {@code request} carries (see {@link Inputs#of}); call it before any work, on the event loop. */
    Inputs inputs(Request request) {
        return Inputs.of(request, states);
    }

    /**
     * Runs {@code round} until it produces a body: the result to answer with.
     *
     * @param mayBlock whether this runs on a worker, where a stateful request may wait for the client
     */
    JsonWritable drive(Request request, Inputs first, boolean mayBlock, Round round) throws Exception {
        Inputs inputs = first;
        for (int rounds = 1; ; rounds++) {
            Outcome outcome = round.run(inputs);
            if (outcome.input == null) {
                return outcome.body;
            }
            if (request.isStateless()) {
                return inputRequired(request, outcome.input);
            }
            if (!mayBlock) {
                throw new IllegalStateException("asking the client for input in a stateful session waits for it:"
                        + " give this handler Dispatch.BLOCKING");
            }
            if (rounds >= MAX_ROUNDS) {
                throw new McpException(ErrorCodes.INTERNAL_ERROR, "The handler asked for input " + MAX_ROUNDS
                        + " times without finishing", null);
            }
            inputs = new Inputs(ask(request, outcome.input), outcome.input.state());
        }
    }

    /** The stateless result: {@code {"inputRequests":{...},"requestState":"..."}}, typed by the engine. */
    private JsonWritable inputRequired(Request request, InputRequired input) {
        Map<String, Object> missing = new LinkedHashMap<>();
        for (InputRequest asked : input.requests().values()) {
            if (!request.declares(asked.capability())) {
                missing.put(asked.capability(), Map.of());
            }
        }
        if (!missing.isEmpty()) {
            throw new McpException(ErrorCodes.MISSING_CLIENT_CAPABILITY,
                    "The request needs client capabilities it did not declare: " + String.join(", ", missing.keySet()),
                    Map.of("requiredCapabilities", missing));
        }
        String sealed = input.state() == null ? null
                : states.seal(request.method.methodName(), request.params(), request.principal, input.state());
        return new InputRequiredBody(out -> {
            out.writeByte('{');
            if (!input.requests().isEmpty()) {
                JsonOut.ascii(out, "\"inputRequests\":{");
                boolean first = true;
                for (Map.Entry<String, InputRequest> asked : input.requests().entrySet()) {
                    if (!first) {
                        out.writeByte(',');
                    }
                    first = false;
                    JsonOut.string(out, asked.getKey());
                    JsonOut.ascii(out, ":{\"method\":");
                    JsonOut.string(out, asked.getValue().method());
                    JsonOut.ascii(out, ",\"params\":");
                    JsonOut.value(out, asked.getValue().params());
                    out.writeByte('}');
                }
                out.writeByte('}');
            }
            if (sealed != null) {
                JsonOut.ascii(out, input.requests().isEmpty() ? "\"requestState\":" : ",\"requestState\":");
                JsonOut.string(out, sealed);
            }
            out.writeByte('}');
        });
    }

    /** Stateful: sends each request to the client and waits for every answer. */
    private InputResponses ask(Request request, InputRequired input) throws InterruptedException {
        Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, InputRequest> asked : input.requests().entrySet()) {
            InputRequest r = asked.getValue();
            answers.put(asked.getKey(), clientRequests.call(request.session, request.exchange, r.method(),
                    r.capability(), r.params()));
        }
        return InputResponses.of(answers);
    }
}
