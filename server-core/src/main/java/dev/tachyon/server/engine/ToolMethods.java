package dev.tachyon.server.engine;

import dev.tachyon.server.ratelimit.RateLimited;
import dev.tachyon.server.ratelimit.RateLimits;
import dev.tachyon.api.Principal;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.registry.CatalogSnapshot;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.api.Arguments;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.schema.InputSchema;
import dev.tachyon.server.schema.SchemaViolation;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/call}: finds the tool, runs its handler inline or on a worker, and encodes the
 * result. A handler that throws anything but {@link McpException} produces an {@code isError}
 * result naming the failure, so the model sees it (as the spec asks for tool execution errors).
 * Each tool has a circuit breaker: failures (error results, exceptions, timeouts; not the
 * caller's invalid arguments) open it, and an open breaker answers {@code -32006} at once.
 *
 * <p>Arguments are checked against the tool's input schema before anything else, the breaker
 * included: a violation is answered as a tool execution error ({@code isError: true}, the
 * text naming the first failing keyword and path, and the same in
 * {@code _meta["dev.tachyon/invalidArguments"]}), as MCP 2025-11-25 asks so that the model can
 * correct its call; the handler does not run and the breaker never hears of it.
 * Blocking calls have a deadline, answered with {@code -32004} when it passes.
 */
final class ToolMethods {

    /** The members of {@code tools/call} params that {@link #callInPlace} looks at, in this order. */
    private static final String[] CALL_MEMBERS = {"name", "arguments", "_meta", "task"};
    /**
     * The index of {@code arguments} in {@link #CALL_MEMBERS}: its members are recorded as the
     * params are walked, so the input schema's in-place check reads them without a second walk.
     */
    private static final int ARGUMENTS = 1;

    private final Catalogs catalogs;
    private final Offload offload;
    /** Package-private: each {@link ToolCallContext} reaches it through its owner (one field, not two, per call). */
    final ClientRequests clientRequests;
    private final InputRounds rounds;
    private final CircuitBreakers breakers;
    private final RateLimits rateLimits;
    private final long timeoutNanos;
    /** Package-private: as {@link #clientRequests}. */
    final dev.tachyon.api.ServerCatalog catalog;
    private final TaskMethods tasks;
    private volatile ToolsByName byName;

    ToolMethods(Catalogs catalogs, dev.tachyon.api.ServerCatalog catalog, Offload offload,
            ClientRequests clientRequests, InputRounds rounds, CircuitBreakers breakers,
            RateLimits rateLimits, java.time.Duration timeout, TaskMethods tasks) {
        this.catalogs = catalogs;
        this.catalog = catalog;
        this.offload = offload;
        this.clientRequests = clientRequests;
        this.rounds = rounds;
        this.breakers = breakers;
        this.rateLimits = rateLimits;
        this.timeoutNanos = timeout.toNanos();
        this.tasks = tasks;
    }

    void call(Request request) {
        String name = Params.requireString(request.params(), "name");
        ToolEntry tool = catalogs.tools().snapshot().get(name);
        if (tool == null) {
            throw new McpException(ErrorCodes.INVALID_PARAMS, "Unknown tool: " + name,
                    Map.of("tool", name));
        }
        Map<String, Object> args = Params.optionalObject(request.params(), "arguments");
        List<SchemaViolation> violations = tool.argumentsSchema().validate(args);
        if (!violations.isEmpty()) {
            request.result(invalid(tool.tool(), violations));
            return;
        }
        Inputs inputs = rounds.inputs(request);
        run(request, tool.tool(), breakers.of(name),
                new ToolCallContext(request, tool.tool().name(), args, Params.progressToken(request.params()), this, inputs),
                TaskMethods.asTask(request, tool.tool(), inputs), null);
    }

    /**
     * Serves a {@code tools/call} of an inline tool in a stateful session straight from the
     * frame: the name is matched as bytes, the arguments are read in place, the id goes
     * verbatim into the response; nothing is decoded that the handler does not ask for. Only
     * for the common shape: {@code params} with a plain {@code name}, an {@code arguments}
     * object or none, no {@code _meta} (no progress token, no stateless keys), no {@code task}
     * (2025-11-25 task augmentation, which the general path answers), and no number a
     * decoder might not hold.
     *
     * @return false, having done nothing, when the request needs the general path
     */
    boolean callInPlace(McpSession session, ByteBuf frame, JsonRpcEnvelope env, Object exchange, Principal principal,
            MessageScratch scratch) {
        long[] spans = scratch.callSpans;
        // Long strings the scan found are not scanned again by the finds, the schema check and the getters.
        scratch.members.remember(frame, env);
        try {
            return callInPlace(session, frame, env, exchange, principal, scratch, spans);
        } finally {
            scratch.members.forget(); // before the frame is released and its buffer object reused
        }
    }

    private boolean callInPlace(McpSession session, ByteBuf frame, JsonRpcEnvelope env, Object exchange,
            Principal principal, MessageScratch scratch, long[] spans) {
        if (!env.hasParams()
                || !scratch.members.find(frame, env.paramsStart(), env.paramsEnd(), CALL_MEMBERS, spans, ARGUMENTS)
                || scratch.members.hasLongExponent()
                || spans[0] == JsonMembers.ABSENT || !scratch.members.isPlainString(0)
                || (spans[1] != JsonMembers.ABSENT && !JsonMembers.isObject(frame, spans[1]))
                || spans[2] != JsonMembers.ABSENT || spans[3] != JsonMembers.ABSENT) {
            return false;
        }
        ToolsByName index = byName();
        int slot = index.slot(frame, JsonMembers.start(spans[0]) + 1, JsonMembers.end(spans[0]) - 1, scratch.toolName);
        if (slot < 0 || index.tool(slot).tool().dispatch() != Dispatch.INLINE) {
            return false; // the general path has the error, or the worker hand-over
        }
        ToolEntry tool = index.tool(slot);
        InputSchema schema = tool.argumentsSchema();
        Request request = Request.inPlace(session, exchange, principal, McpMethod.TOOLS_CALL, frame, env);
        request.observeStart();
        ToolCallContext call = null;
        try {
            List<SchemaViolation> violations = List.of();
            String name = tool.tool().name();
            if (spans[1] != JsonMembers.ABSENT) {
                int start = JsonMembers.start(spans[1]);
                int end = JsonMembers.end(spans[1]);
                // The members the check found are handed on: a getter of one reads it without a second scan.
                String[] known = null;
                if (schema.acceptsInPlace(frame, start, end, scratch.members, scratch.schemaSpans)) {
                    known = schema.inPlaceNames();
                } else {
                    violations = schema.validate(frame, start, end, scratch.members, scratch.schemaSpans);
                }
                if (violations.isEmpty()) {
                    call = new ToolCallContext(request, name, frame, start, end, scratch, known, this);
                }
            } else if (!schema.acceptsEverything()) {
                violations = schema.validate(null);
            }
            if (violations.isEmpty()) {
                if (call == null) {
                    call = new ToolCallContext(request, name, null, null, this, Inputs.NONE); // no arguments
                }
                run(request, tool.tool(), index.breaker(slot, breakers), call, false, scratch);
            } else {
                request.result(invalid(tool.tool(), violations));
            }
        } catch (RuntimeException e) {
            HandlerFailure.answer(request, e);
        } finally {
            if (call != null) {
                call.detach();
            }
            request.detach();
        }
        return true;
    }

    private ToolsByName byName() {
        CatalogSnapshot<ToolEntry> snapshot = catalogs.tools().snapshot();
        ToolsByName index = byName;
        if (index == null || index.snapshot != snapshot) {
            index = new ToolsByName(snapshot); // once per catalog version; racing loops build the same
            byName = index;
        }
        return index;
    }

    /**
     * @param call the call (its arguments, inputs and progress token), made before the checks below
     *     so that the inline path needs no other object; dropped if the call becomes a task
     * @param scratch this thread's, when the caller has it; null to fetch it if an inline handler runs
     */
    private void run(Request request, Tool tool, CircuitBreaker breaker, ToolCallContext call, boolean asTask,
            MessageScratch scratch) {
        String name = tool.name();
        if (rateLimits.limitsToolCalls()) {
            // Before the breaker: a client over its rate is refused without taking a probe or a verdict.
            RateLimited refused =
                    rateLimits.toolCall(request.session.rateLimitKey(request.principal), name);
            if (refused != null) {
                request.rateLimited(refused);
                return;
            }
        }
        if (!breaker.tryAcquire()) {
            long now = System.nanoTime();
            throw new McpException(ErrorCodes.TOOL_UNAVAILABLE, "Tool temporarily unavailable: it failed repeatedly",
                    Map.of("tool", name, "reason", "circuit-open", "retryAfterMs", breaker.retryAfterMillis(now)));
        }
        if (asTask) {
            // The task's own arguments: it outlives this request, which the call would keep reachable.
            tasks.start(request, tool, breaker, Arguments.of(call.asMap()), call.inputs);
            return;
        }
        if (tool.dispatch() == Dispatch.INLINE) {
            callInline(request, tool, call, breaker, scratch != null ? scratch : MessageScratch.current());
        } else {
            offload.submit(new BlockingCall(this, tool, call, breaker));
            if (request.isAnswered()) {
                breaker.release(); // refused at once (queue full, too many in flight): the tool never ran
            }
        }
    }

    private static void callInline(Request request, Tool tool, ToolCallContext call, CircuitBreaker breaker,
            MessageScratch scratch) {
        ContentArrayWriter body = scratch.resultWriter.prepare(tool, call);
        try {
            request.result(body);
        } catch (McpException e) {
            breaker.release(); // a protocol error the handler chose: no verdict on the tool
            throw e;
        } catch (JsonNumber.TooManyDigits e) {
            throw HandlerFailure.protocolError(e); // the handler read a number past the bound: the caller's mistake
        } catch (InvalidArgumentException e) {
            breaker.release(); // the caller's mistake, not the tool's
            request.result(HandlerFailure.toolResult(tool.name(), e));
            return;
        } catch (RuntimeException e) {
            breaker.onFailure(System.nanoTime());
            request.result(HandlerFailure.toolResult(tool.name(), e));
            return;
        }
        record(breaker, body.isError());
    }

    /**
     * A blocking call, as the one object the worker queue, the deadline and the completion hold
     * (see {@link Offload.Job}); also each of its rounds' runner.
     */
    private static final class BlockingCall extends Offload.Job implements InputRounds.Round {

        private final ToolMethods owner;
        private final Tool tool;
        private final ToolCallContext call;
        private final CircuitBreaker breaker;

        BlockingCall(ToolMethods owner, Tool tool, ToolCallContext call, CircuitBreaker breaker) {
            super(call.request);
            this.owner = owner;
            this.tool = tool;
            this.call = call;
            this.breaker = breaker;
        }

        @Override
        JsonWritable work() throws Exception {
            return owner.rounds.drive(request, call.inputs, true, this);
        }

        @Override
        public InputRounds.Outcome run(Inputs next) throws InterruptedException {
            return blockingRound(tool, call.round(next), breaker);
        }

        @Override
        long timeoutNanos() {
            return owner.timeoutNanos;
        }

        @Override
        void timedOut() {
            breaker.onFailure(System.nanoTime());
        }
    }

    /** One run of a blocking handler: its result, or the input it asks for (which is no failure). */
    private static InputRounds.Outcome blockingRound(Tool tool, ToolCallContext call, CircuitBreaker breaker)
            throws InterruptedException {
        ToolResult result;
        try {
            result = tool.blockingHandler().call(call);
        } catch (McpException | InterruptedException e) {
            breaker.release(); // a protocol error, or a cancelled call: no verdict on the tool
            throw e;
        } catch (JsonNumber.TooManyDigits e) {
            throw HandlerFailure.protocolError(e);
        } catch (InvalidArgumentException e) {
            breaker.release(); // the caller's mistake, not the tool's
            return InputRounds.Outcome.body(HandlerFailure.toolResult(tool.name(), e));
        } catch (Exception e) {
            failedUnlessTheClientDid(breaker, call);
            return InputRounds.Outcome.body(HandlerFailure.toolResult(tool.name(), e));
        }
        if (result == null) {
            breaker.onFailure(System.nanoTime());
            return InputRounds.Outcome.body(HandlerFailure.toolResult(tool.name(),
                    new IllegalStateException("the handler returned no result")));
        }
        if (result.inputRequired() != null) {
            return InputRounds.Outcome.input(result.inputRequired());
        }
        if (result.isError()) {
            failedUnlessTheClientDid(breaker, call);
        } else {
            breaker.onSuccess();
        }
        return InputRounds.Outcome.body(encoded(result));
    }

    /** A failure of the tool, unless a request to the client failed first: then the client's, which does not count. */
    private static void failedUnlessTheClientDid(CircuitBreaker breaker, ToolCallContext call) {
        if (call.clientFailed()) {
            breaker.release();
        } else {
            breaker.onFailure(System.nanoTime());
        }
    }

    private static void record(CircuitBreaker breaker, boolean failed) {
        if (failed) {
            breaker.onFailure(System.nanoTime());
        } else {
            breaker.onSuccess();
        }
    }

    /**
     * The answer to arguments that break the schema: an {@code isError} result whose text names
     * the failing keyword and path, with the same as data in {@code _meta}.
     */
    static JsonWritable invalid(Tool tool, List<SchemaViolation> violations) {
        StringBuilder text = new StringBuilder("Invalid arguments for tool '").append(tool.name()).append("':");
        List<Map<String, Object>> data = new ArrayList<>(violations.size());
        for (SchemaViolation v : violations) {
            text.append(' ').append(v.message()).append(" [").append(v.keyword()).append(" at '")
                    .append(v.path()).append("'];");
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("keyword", v.keyword());
            one.put("path", v.path());
            one.put("message", v.message());
            data.add(one);
        }
        text.setLength(text.length() - 1);
        String message = text.toString();
        return out -> {
            dev.tachyon.codec.JsonOut.ascii(out, "{\"content\":[{\"type\":\"text\",\"text\":");
            dev.tachyon.codec.JsonOut.string(out, message);
            dev.tachyon.codec.JsonOut.ascii(out, "}],\"isError\":true,\"_meta\":{\"dev.tachyon/invalidArguments\":");
            dev.tachyon.codec.JsonOut.value(out, data);
            dev.tachyon.codec.JsonOut.ascii(out, "}}");
        };
    }

    /** The result as a body; written later on the event loop, so it needs its own writer. */
    static JsonWritable encoded(ToolResult result) {
        return new ResponseStream.Body() {
            @Override
            public void writeJson(ByteBuf target) {
                writeJson(target, null);
            }

            @Override
            public void writeJson(ByteBuf target, ResponseStream parts) {
                new ContentArrayWriter().write(target, parts, result);
            }
        };
    }
}
