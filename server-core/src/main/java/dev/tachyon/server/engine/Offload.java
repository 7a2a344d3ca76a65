package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.api.McpException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
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
        submit(new Job(request) {
            @Override
            JsonWritable work() throws Exception {
                return work.run();
            }
        });
    }

    /**
     * Runs {@code job} on a worker and answers its request with what it produces. With
     * {@link Job#timeoutNanos()} {@code > 0}, a deadline: if no answer is ready by then,
     * {@link Job#timedOut()} runs, the worker is interrupted and the client gets
     * {@link ErrorCodes#REQUEST_TIMEOUT}.
     */
    void submit(Job job) {
        Request request = job.request;
        McpSession session = request.session;
        if (session.inFlightCount() >= maxInFlightPerSession) {
            request.error(ErrorCodes.OVERLOADED, "Too many requests in flight on this session",
                    Map.of("reason", "max-in-flight-per-session", "limit", maxInFlightPerSession, "retryAfterMs", 50));
            return;
        }
        request.track();
        int queued = workers.trySubmit(session.workerLane(workers), job);
        if (queued == WorkerPool.LANE_FULL) {
            request.error(ErrorCodes.OVERLOADED, "Too many calls of this session waiting for a worker",
                    Map.of("reason", "session-queue-share", "limit", workers.maxQueuedPerLane(), "retryAfterMs", 100));
            return;
        }
        if (queued == WorkerPool.CLOSED) {
            // The pool closes only in a shutdown's drain; a connection still open may send more.
            request.error(ErrorCodes.SHUTTING_DOWN, "Server shutting down: no new calls are run",
                    Map.of("reason", "shutdown"));
            return;
        }
        if (queued != WorkerPool.ACCEPTED) {
            request.error(ErrorCodes.OVERLOADED, "Server overloaded: the worker queue is full",
                    Map.of("reason", "worker-queue-full", "retryAfterMs", 100));
            return;
        }
        if (job.timeoutNanos() > 0) {
            request.deadline(job.timeoutNanos(), (Callable<?>) job); // the expiry is call(); run() is the work
        }
    }

    /**
     * A call's work, and the one object per call that the worker queue, the deadline and the
     * completion hold: the pool runs it ({@link #run()} on a worker), it hands itself back to
     * the session's executor ({@link #run()} again, now answering), and the deadline calls
     * {@link #call()}. With a 15,000-session server holding one call each, every lambda that
     * captured the call was bytes per session.
     */
    abstract static class Job implements Runnable, Callable<Void> {

        final Request request;
        /** Null until the work ran; then its (pre-encoded) body, or what it threw. */
        private Object outcome;
        private boolean failed;

        Job(Request request) {
            this.request = request;
        }

        /** The work, on a worker: a result body, or an exception for an error answer. */
        abstract JsonWritable work() throws Exception;

        /** How long the call may take before it is answered with a timeout; 0: no deadline. */
        long timeoutNanos() {
            return 0;
        }

        /** The deadline passed before an answer (on the session's executor): nothing by default. */
        void timedOut() {
        }

        /**
         * On a worker first: runs the work and hands this job to the session's executor; there,
         * the second time (the hand-over publishes what the worker wrote): answers.
         */
        @Override
        public final void run() {
            if (outcome == null) {
                onWorker();
            } else {
                complete();
            }
        }

        private void onWorker() {
            if (!request.startOn(Thread.currentThread())) {
                return; // cancelled while queued
            }
            JsonWritable body = null;
            Throwable failure = null;
            try {
                body = work();
            } catch (Throwable t) {
                failure = t;
            } finally {
                request.stopped();
            }
            McpSession session = request.session;
            if (failure != null && WorkerPool.stoppedByClose()) {
                failure = stoppedByShutdown(); // the pool logs this once; the client learns why
            }
            if (failure != null) {
                failed = true;
                outcome = failure;
            } else {
                // Encoded here, off the event loop, which then only copies the bytes (PreEncoded says why).
                JsonWritable result = PreEncoded.of(body, session.settings.maxResponseBytes());
                outcome = result == null ? NO_BODY : result;
            }
            try {
                session.outbound().executor().execute(this);
            } catch (RejectedExecutionException e) {
                // The session's event loop has ended (a shutdown past its drain): its connection
                // is closed, so there is no one left to answer.
            }
        }

        private void complete() {
            if (request.isAnswered()) {
                return; // cancelled, or the session ended
            }
            answer(request, failed ? null : outcome == NO_BODY ? null : (JsonWritable) outcome,
                    failed ? (Throwable) outcome : null);
            request.session.outbound().flush();
        }

        /** The deadline passed: on the session's executor. */
        @Override
        public final Void call() {
            if (!request.isAnswered()) {
                timedOut();
                request.expire(ErrorCodes.REQUEST_TIMEOUT, "Request timed out",
                        Map.of("timeoutMs", TimeUnit.NANOSECONDS.toMillis(timeoutNanos())));
                request.session.outbound().flush();
            }
            return null;
        }
    }

    /** The answer of a call a shutdown interrupted past its drain timeout. */
    private static McpException stoppedByShutdown() {
        return new McpException(ErrorCodes.SHUTTING_DOWN,
                "Server shutting down: the call was still running when the drain timeout passed",
                Map.of("reason", "drain-timeout"));
    }

    /** What a job's work that returned null leaves as its outcome (answered as a null body, as before). */
    private static final Object NO_BODY = new Object();

    /** Answers with the result, or the error {@code failure} maps to ({@link HandlerFailure}). */
    private static void answer(Request request, JsonWritable result, Throwable failure) {
        if (failure == null) {
            request.result(result);
        } else {
            HandlerFailure.answer(request, failure);
        }
    }
}
