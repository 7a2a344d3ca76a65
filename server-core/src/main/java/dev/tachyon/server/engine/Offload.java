package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.api.McpException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a handler's work on the worker pool and answers its request back on the session's
 * executor. The event loop never waits: a full queue or a session over its in-flight cap is
 * answered at once with {@link ErrorCodes#OVERLOADED}.
 */
final class Offload {

    /** Work that produces a result body, or throws {@link McpException} for an error answer. */
    @FunctionalInterface
    interface Work {
        JsonWritable run() throws Exception;
    }

    private final WorkerPool workers;
    private final int maxInFlightPerSession;

    Offload(WorkerPool workers, int maxInFlightPerSession) {
        this.workers = workers;
        this.maxInFlightPerSession = maxInFlightPerSession;
    }

    /** Answers {@code request} with what {@code work} produces, run where {@code where} says. */
    void run(Request request, dev.tachyon.api.Dispatch where, Work work) {
        if (where == dev.tachyon.api.Dispatch.BLOCKING) {
            submit(request, work);
            return;
        }
        JsonWritable body;
        try {
            body = work.run();
        } catch (Exception e) {
            answer(request, null, e);
            return;
        }
        request.result(body);
    }

    /** Answers {@code request} with what {@code work} produces, run on a worker. */
    void submit(Request request, Work work) {
        submit(request, work, 0, null);
    }

    /**
     * As {@link #submit(Request, Work)}, with a deadline: if no answer is ready after
     * {@code timeoutNanos}, {@code onTimeout} runs, the worker is interrupted and the client gets
     * {@link ErrorCodes#REQUEST_TIMEOUT}.
     */
    void submit(Request request, Work work, long timeoutNanos, Runnable onTimeout) {
        McpSession session = request.session;
        if (session.inFlightCount() >= maxInFlightPerSession) {
            request.error(ErrorCodes.OVERLOADED, "Too many requests in flight on this session",
                    Map.of("reason", "max-in-flight-per-session", "limit", maxInFlightPerSession, "retryAfterMs", 50));
            return;
        }
        request.track();
        int queued = workers.trySubmit(session.workerLane(workers), () -> runOnWorker(request, work));
        if (queued == WorkerPool.LANE_FULL) {
            request.error(ErrorCodes.OVERLOADED, "Too many calls of this session waiting for a worker",
                    Map.of("reason", "session-queue-share", "limit", workers.maxQueuedPerLane(), "retryAfterMs", 100));
            return;
        }
        if (queued != WorkerPool.ACCEPTED) {
            request.error(ErrorCodes.OVERLOADED, "Server overloaded: the worker queue is full",
                    Map.of("reason", "worker-queue-full", "retryAfterMs", 100));
            return;
        }
        if (timeoutNanos > 0) {
            request.deadline(timeoutNanos, () -> {
                if (request.isAnswered()) {
                    return;
                }
                onTimeout.run();
                request.expire(ErrorCodes.REQUEST_TIMEOUT, "Request timed out",
                        Map.of("timeoutMs", TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
                session.outbound().flush();
            });
        }
    }

    private static void runOnWorker(Request request, Work work) {
        if (!request.startOn(Thread.currentThread())) {
            return; // cancelled while queued
        }
        JsonWritable body = null;
        Throwable failure = null;
        try {
            body = work.run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            request.stopped();
        }
        McpSession session = request.session;
        // Encoded here, off the event loop, which then only copies the bytes (PreEncoded says why).
        JsonWritable result = PreEncoded.of(body, session.settings.maxResponseBytes());
        Throwable error = failure;
        session.outbound().executor().execute(() -> {
            if (request.isAnswered()) {
                return; // cancelled, or the session ended
            }
            answer(request, result, error);
            session.outbound().flush();
        });
    }

    /** Answers with the result, or the error {@code failure} maps to ({@link HandlerFailure}). */
    private static void answer(Request request, JsonWritable result, Throwable failure) {
        if (failure == null) {
            request.result(result);
        } else {
            HandlerFailure.answer(request, failure);
        }
    }
}
