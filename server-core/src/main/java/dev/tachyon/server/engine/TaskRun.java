package dev.tachyon.server.engine;

import dev.tachyon.api.InputRequest;
import dev.tachyon.api.InputRequired;
import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.server.tasks.Task;
import dev.tachyon.server.tasks.TaskStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One task's work on a worker: runs the tool's blocking handler (the same one a direct call
 * runs) and records the outcome in the task, with the same circuit-breaker verdicts as a direct
 * call. A tool's error result completes the task ({@code isError: true}); a protocol error
 * ({@link McpException}) fails it with that error; a result asking for input
 * ({@link dev.tachyon.api.ToolResult#inputRequired}) makes the task {@code input_required}
 * until {@code tasks/update} brings the answers, and {@link #next} runs the following round.
 * {@link #stop} interrupts the worker: what a cancellation, an expiry or the deadline does.
 *
 * <p>A task of a 2025-11-25 session ({@code stateless} false) keeps its result as that revision
 * writes it (no {@code resultType}), its errors with that revision's codes, and ends
 * {@code failed} on a result with {@code isError: true}, as 2025-11-25 says.
 */
final class TaskRun implements Runnable {

    private static final McpException TOO_LARGE_ERROR = new McpException(ErrorCodes.INTERNAL_ERROR,
            "The result is larger than the task store keeps", Map.of("reason", "task-result-too-large"));

    private final Task task;
    private final Tool tool;
    private final TaskToolCall call;
    private final CircuitBreaker breaker;
    private final int maxResultBytes;
    /** The revision of the request that started it: 2026-07-28 (true) or a 2025-11-25 session. */
    private final boolean stateless;
    private final byte[] tooLarge;
    /** Guarded by this: the worker running the handler now, if any. */
    private Thread thread;
    private boolean stopped;
    private volatile Future<?> deadline;

    TaskRun(Task task, Tool tool, TaskToolCall call, CircuitBreaker breaker, int maxResultBytes, boolean stateless) {
        this.task = task;
        this.tool = tool;
        this.call = call;
        this.breaker = breaker;
        this.maxResultBytes = maxResultBytes;
        this.stateless = stateless;
        this.tooLarge = error(TOO_LARGE_ERROR, stateless);
    }

    /** The deadline's timer, cancelled when the work ends first. */
    void deadline(Future<?> value) {
        deadline = value;
    }

    /** Tells the work to stop: interrupts its worker if it runs, or keeps it from starting. */
    synchronized void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        synchronized (this) {
            if (stopped || task.isCancelled()) {
                breaker.release(); // cancelled while queued: the tool never ran
                return;
            }
            thread = Thread.currentThread();
        }
        try {
            work();
        } finally {
            synchronized (this) {
                thread = null;
            }
            Thread.interrupted(); // a stop that came as the work ended must not reach the worker's next job
            Future<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private void work() {
        ToolResult result;
        try {
            result = rounds();
        } catch (InterruptedException e) {
            breaker.release(); // cancelled or past its deadline: the task says so already
            return;
        } catch (McpException e) {
            breaker.release(); // a protocol error the handler chose: no verdict on the tool
            fail(e);
            return;
        } catch (JsonNumber.TooManyDigits e) {
            breaker.release();
            fail(HandlerFailure.protocolError(e));
            return;
        } catch (InvalidArgumentException e) {
            breaker.release(); // the caller's mistake, not the tool's
            complete(HandlerFailure.toolResult(tool.name(), e), true);
            return;
        } catch (Exception e) {
            breaker.onFailure(System.nanoTime());
            complete(HandlerFailure.toolResult(tool.name(), e), true);
            return;
        }
        if (result == null) {
            breaker.onFailure(System.nanoTime());
            complete(HandlerFailure.toolResult(tool.name(), new IllegalStateException("the handler returned no result")),
                    true);
        } else if (result.inputRequired() != null) {
            breaker.release(); // asking is no verdict on the tool
            awaitInput(result.inputRequired());
        } else {
            if (result.isError()) {
                breaker.onFailure(System.nanoTime());
            } else {
                breaker.onSuccess();
            }
            complete(ToolMethods.encoded(result), result.isError());
        }
    }

    /**
     * Runs the handler; in a task of a 2025-11-25 session, a result asking for input is answered
     * by requests on the session ({@link SessionTaskRelay}) and the handler runs again with the
     * answers, at most {@link InputRounds#MAX_ROUNDS} times, as a direct call in a session does.
     * The extension's tasks return the ask, which {@code tasks/update} answers.
     */
    private ToolResult rounds() throws Exception {
        SessionTaskRelay relay = call.relay();
        TaskToolCall round = call;
        for (int rounds = 1; ; rounds++) {
            ToolResult result = tool.blockingHandler().call(round);
            if (relay == null || result == null || result.inputRequired() == null) {
                return result;
            }
            if (rounds >= InputRounds.MAX_ROUNDS) {
                throw new McpException(ErrorCodes.INTERNAL_ERROR, "The handler asked for input " + InputRounds.MAX_ROUNDS
                        + " times without a result", null);
            }
            Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
            for (Map.Entry<String, InputRequest> e : result.inputRequired().requests().entrySet()) {
                InputRequest request = e.getValue();
                answers.put(e.getKey(), relay.ask(task, request.method(), request.capability(), request.params()));
            }
            round = round.next(new Task.Resume(answers, result.inputRequired().state()));
        }
    }

    /** The task waits for the client's answers; a request for a capability the client did not declare fails it. */
    private void awaitInput(InputRequired asked) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (Map.Entry<String, InputRequest> e : asked.requests().entrySet()) {
            InputRequest request = e.getValue();
            if (!call.declares(request.capability())) {
                fail(new McpException(ErrorCodes.MISSING_CLIENT_CAPABILITY, "The task needs the client capability '"
                        + request.capability() + "', which the request did not declare",
                        Map.of("requiredCapabilities", Map.of(request.capability(), Map.of()))));
                return;
            }
            requests.put(e.getKey(), encode(out -> {
                JsonOut.ascii(out, "{\"method\":");
                JsonOut.string(out, request.method());
                JsonOut.ascii(out, ",\"params\":");
                JsonOut.value(out, request.params());
                out.writeByte('}');
            }));
        }
        task.awaitInput(requests, asked.state(), tooLarge);
    }

    /** The next round, with the client's answers: the same tool, breaker and bound. */
    TaskRun next(Task.Resume resume) {
        return new TaskRun(task, tool, call.next(resume), breaker, maxResultBytes, stateless);
    }

    /** The relay of a 2025-11-25 session's task; null for the extension's. */
    SessionTaskRelay relay() {
        return call.relay();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether the breaker lets another round run (a round after input takes a probe like a call). */
    boolean admitted() {
        return breaker.tryAcquire();
    }

    private static byte[] encode(JsonWritable body) {
        ByteBuf out = Unpooled.buffer(128);
        try {
            body.writeJson(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.getBytes(0, bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    private void complete(JsonWritable body, boolean isError) {
        // Encoded here, bounded: a result past the bound stops being written, it is never held whole.
        ByteBuf out = Unpooled.buffer(256, maxResultBytes + 64);
        byte[] bytes;
        try {
            body.writeJson(out);
            if (stateless) {
                ResultShape.COMPLETE.apply(out, 0);
            }
            bytes = new byte[out.readableBytes()];
            out.getBytes(0, bytes);
        } catch (IndexOutOfBoundsException e) {
            task.fail(tooLarge, "The result is larger than the task store keeps");
            return;
        } finally {
            out.release();
        }
        if (isError && !stateless) {
            task.complete(bytes, tooLarge, TaskStatus.FAILED, "Tool '" + tool.name() + "' returned an error result");
        } else {
            task.complete(bytes, tooLarge);
        }
    }

    private void fail(McpException e) {
        task.fail(error(e, stateless), "Tool '" + tool.name() + "' failed: " + e.getMessage());
    }

    /** The JSON-RPC error object of {@code e}, with the code the stateless revision uses. */
    static byte[] error(McpException e) {
        return error(e, true);
    }

    /** The JSON-RPC error object of {@code e}, with the code its revision uses ({@code stateless}: 2026-07-28). */
    static byte[] error(McpException e, boolean stateless) {
        return encode(out -> {
            JsonOut.ascii(out, "{\"code\":");
            JsonOut.value(out, Request.wireCode(e.code(), stateless));
            JsonOut.ascii(out, ",\"message\":");
            JsonOut.string(out, e.getMessage());
            if (e.data() != null) {
                JsonOut.ascii(out, ",\"data\":");
                JsonOut.value(out, e.data());
            }
            out.writeByte('}');
        });
    }
}
