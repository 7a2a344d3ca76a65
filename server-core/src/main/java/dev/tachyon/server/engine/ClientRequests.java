package dev.tachyon.server.engine;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Server-to-client requests ({@code sampling/createMessage}, {@code elicitation/create},
 * {@code roots/list}): ids, correlation of the client's answer, and timeouts.
 *
 * <p>A worker thread calls {@link #call} and waits; the request is written, and the answer
 * matched, on the session's executor.
 */
final class ClientRequests {

    private final long timeoutNanos;
    private final SessionLimits limits;

    ClientRequests(Duration timeout, SessionLimits limits) {
        this.timeoutNanos = timeout.toNanos();
        this.limits = limits;
    }

    /**
     * Sends {@code method} to the client and waits for its result object.
     *
     * @param capability the client capability the method needs; the request is never sent
     *     to a client that did not declare it
     * @throws McpException when the capability is missing, the client answers with an error,
     *     the session ends, no answer comes in time, or the session already has
     *     {@code max-pending-client-requests} unanswered ({@code -32001}, reason
     *     {@code max-pending-client-requests}: the tool call that asked fails with it)
     * @throws InterruptedException when the waiting call is cancelled
     */
    Map<String, Object> call(McpSession session, Object exchange, String method, String capability,
            Map<String, Object> params) throws InterruptedException {
        if (session.outbound().executor().inEventLoop()) {
            throw new IllegalStateException(method + " waits for the client: call it from a blocking handler");
        }
        if (!session.declares(capability)) {
            throw new McpException(ErrorCodes.CLIENT_REQUEST_FAILED,
                    "the client did not declare the '" + capability + "' capability", Map.of("capability", capability));
        }
        ClientRequest pending = new ClientRequest(method);
        long[] idHolder = new long[1];
        session.outbound().executor().execute(() -> idHolder[0] = send(session, exchange, pending, params));
        try {
            return pending.answer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof McpException ? (McpException) cause
                    : new McpException(ErrorCodes.INTERNAL_ERROR, String.valueOf(cause), null);
        } catch (InterruptedException e) {
            session.outbound().executor().execute(() -> forget(session, idHolder[0]));
            throw e;
        }
    }

    private long send(McpSession session, Object exchange, ClientRequest pending, Map<String, Object> params) {
        if (session.isClosed()) {
            pending.answer.completeExceptionally(failure(pending.method, "the session has ended"));
            return 0;
        }
        if (!limits.admitClientRequest(session)) {
            pending.answer.completeExceptionally(limits.pendingClientRequestsRefusal());
            return 0;
        }
        long id = session.nextClientRequestId++;
        session.pendingClientRequests().put(id, pending);
        pending.timeout = session.outbound().executor().schedule(
                () -> expire(session, id), timeoutNanos, TimeUnit.NANOSECONDS);
        ByteBuf out = session.outbound().alloc().buffer(256);
        JsonRpcWriter.beginRequest(out, id, pending.method);
        JsonOut.value(out, params);
        JsonRpcWriter.end(out);
        session.observer.sent(out.readableBytes());
        session.outbound().send(exchange, out);
        session.outbound().flush();
        return id;
    }

    /** Matches a client's response to the request it answers; unknown ids are ignored. */
    void onResponse(McpSession session, ByteBuf frame, JsonRpcEnvelope env) {
        long id = parseId(frame, env);
        ClientRequest pending = id < 0 ? null : session.pendingClientRequests().remove(id);
        if (pending == null) {
            return; // a late answer to a request that timed out, or not ours
        }
        pending.timeout.cancel(false);
        try {
            if (env.kind() == JsonRpcEnvelope.RESULT) {
                Map<String, Object> result = Decoding.objectOrNull(frame, env.resultStart(), env.resultEnd(),
                        session.settings.maxNumberDigits());
                if (result != null) {
                    pending.answer.complete(result);
                } else {
                    pending.answer.completeExceptionally(failure(pending.method, "the client's result is not an object"));
                }
            } else {
                Object error = Decoding.read(frame, env.errorStart(), env.errorEnd(), session.settings.maxNumberDigits());
                pending.answer.completeExceptionally(new McpException(ErrorCodes.CLIENT_REQUEST_FAILED,
                        "the client answered " + pending.method + " with an error",
                        error == null ? null : Map.of("clientError", error)));
            }
        } catch (McpException e) {
            pending.answer.completeExceptionally(failure(pending.method, e.getMessage()));
        }
    }

    /** Fails every pending request of a session that ended. */
    void failAll(McpSession session, String reason) {
        if (session.pendingClientRequestCount() == 0) {
            return; // most sessions never asked their client anything: allocate nothing for them
        }
        List<ClientRequest> all = new ArrayList<>(session.pendingClientRequests().values());
        session.pendingClientRequests().clear();
        for (ClientRequest pending : all) {
            pending.timeout.cancel(false);
            pending.answer.completeExceptionally(failure(pending.method, reason));
        }
    }

    private void expire(McpSession session, long id) {
        ClientRequest pending = session.pendingClientRequests().remove(id);
        if (pending != null) {
            pending.answer.completeExceptionally(failure(pending.method,
                    "no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
        }
    }

    private static void forget(McpSession session, long id) {
        ClientRequest pending = session.pendingClientRequests().remove(id);
        if (pending != null) {
            pending.timeout.cancel(false);
        }
    }

    private static McpException failure(String method, String why) {
        return new McpException(ErrorCodes.CLIENT_REQUEST_FAILED, method + " failed: " + why, null);
    }

    /** Our ids are positive longs written as plain digits; anything else is not an answer to us. */
    private static long parseId(ByteBuf frame, JsonRpcEnvelope env) {
        if (env.idType() != JsonRpcEnvelope.ID_NUMBER) {
            return -1;
        }
        int length = env.idEnd() - env.idStart();
        if (length > 18) {
            return -1;
        }
        long value = 0;
        for (int i = env.idStart(); i < env.idEnd(); i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
