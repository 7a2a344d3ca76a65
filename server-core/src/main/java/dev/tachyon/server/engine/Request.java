package dev.tachyon.server.engine;

import dev.tachyon.server.ratelimit.RateLimited;
import dev.tachyon.api.Principal;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.JsonWritable;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * One request being answered: who asked, its id, its params, and the guarantee that it gets
 * exactly one answer (or none, once cancelled).
 *
 * <p>A request made {@link #inPlace} reads its id and params from the frame they came in, so
 * a request answered inline copies and decodes nothing: the id's bytes go verbatim from the
 * frame into the response, params are decoded only if something asks for {@link #params()}.
 * The frame is valid only while the engine handles it; {@link #detach()} ends that, copying
 * what an unanswered request still needs.
 *
 * <p>Replies must be made on the session's executor. A request handed to a worker is also
 * registered in the session's in-flight map until it is answered or cancelled.
 */
final class Request {

    /** {@code data.reason} of the error that replaces a response over {@code limits.max-response-bytes}. */
    static final String RESPONSE_TOO_LARGE = "response-too-large";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Request.class);

    final McpSession session;
    final Object exchange;
    /** Who sent the request, as the transport authenticated it. */
    final Principal principal;
    final McpMethod method;
    /** The id's JSON text; null while it is read from {@link #frame}. */
    private byte[] id;
    /** The decoded params; null until asked for while they are read from {@link #frame}. */
    private Map<String, Object> params;
    /** The frame the id and params are read from until {@link #detach()}; null for a request made with them. */
    private ByteBuf frame;
    private int idStart;
    private int idEnd;
    private int paramsStart;
    private int paramsEnd;
    /** The request's {@code _meta} in the stateless revision (2026-07-28); null in earlier revisions. */
    final RequestMeta meta;
    private boolean answered;
    private int errorCode;
    /**
     * What only an offloaded, tracked, deadlined, observed, cancelled or rate-limited request
     * uses; null until one of those needs it, so an inline call (one per pipelined call, most of
     * the traffic) does not carry it: a request of 72 bytes instead of 96. Made under this
     * request's lock, volatile so that a worker and the event loop see the same one.
     */
    private volatile Uncommon uncommon;

    Request(McpSession session, Object exchange, Principal principal, McpMethod method, byte[] id,
            Map<String, Object> params, RequestMeta meta) {
        this.session = session;
        this.exchange = exchange;
        this.principal = java.util.Objects.requireNonNull(principal, "principal");
        this.method = method;
        this.id = id;
        this.params = params;
        this.meta = meta;
    }

    /**
     * A request whose id and params stay in {@code frame} (the envelope's spans) until
     * {@link #detach()}; stateful revisions only (no {@code _meta} to check).
     */
    static Request inPlace(McpSession session, Object exchange, Principal principal, McpMethod method, ByteBuf frame,
            dev.tachyon.codec.JsonRpcEnvelope env) {
        Request request = new Request(session, exchange, principal, method, null, null, null);
        request.frame = frame;
        request.idStart = env.idStart();
        request.idEnd = env.idEnd();
        request.paramsStart = env.hasParams() ? env.paramsStart() : -1;
        request.paramsEnd = env.paramsEnd();
        return request;
    }

    /** The id's JSON text, as bytes; callers must not modify it. */
    byte[] id() {
        if (id == null) {
            id = McpEngine.copy(frame, idStart, idEnd);
        }
        return id;
    }

    /** The params (empty when absent); callers must not modify them. Decodes them on first use for a request in place. */
    Map<String, Object> params() {
        if (params == null) {
            if (paramsStart < 0) {
                params = java.util.Collections.emptyMap();
            } else {
                params = Decoding.objectOrNull(frame, paramsStart, paramsEnd, session.settings.maxNumberDigits());
                if (params == null) {
                    throw McpException.invalidParams("params must be an object");
                }
            }
        }
        return params;
    }

    /**
     * Stops reading from the frame, which the transport is about to release; a request that is
     * not answered yet (it went to a worker) copies its id and decodes its params now.
     */
    void detach() {
        if (frame != null) {
            if (!answered) {
                id();
                params();
            }
            frame = null;
        }
    }
    /** Whether this request is served by the stateless revision (2026-07-28). */
    boolean isStateless() {
        return meta != null;
    }

    /** The capabilities the client declared: per request when stateless, else at initialize. */
    Map<String, Object> clientCapabilities() {
        return meta != null ? meta.clientCapabilities() : session.clientCapabilities;
    }

    /** Whether the client declared {@code capability} (for this request when stateless). */
    boolean declares(String capability) {
        return meta != null ? meta.declares(capability) : session.declares(capability);
    }

    /** The least severe level to log for this request, or null for none. */
    dev.tachyon.api.LogLevel logLevel() {
        return meta != null ? meta.logLevel() : session.logLevel;
    }

    /** Runs {@code action} on the session's executor once this request is answered or cancelled. */
    void onEnd(Runnable action) {
        uncommon().onEnd = action;
    }

    /** The id as JSON text: the in-flight key that {@code notifications/cancelled} names. */
    String idKey() {
        return new String(id(), java.nio.charset.StandardCharsets.UTF_8);
    }

    boolean isAnswered() {
        return answered;
    }

    /** Registers this request as in flight (it runs off the event loop and may be cancelled). */
    void track() {
        uncommon().tracked = true;
        session.track(this);
    }

    /**
     * Answers with {@code body} as the result value; in the stateless revision the result gets
     * {@code resultType} (and, where the method calls for them, the caching hints).
     */
    void result(JsonWritable body) {
        ResultShape shape = meta == null ? ResultShape.PLAIN
                : body instanceof InputRounds.InputRequiredBody ? ResultShape.INPUT_REQUIRED
                : ResultShape.completeFor(method);
        result(body, shape);
    }

    /** Answers with {@code body}, an object that {@code shape} completes. */
    void result(JsonWritable body, ResultShape shape) {
        ByteBuf out = begin();
        if (out == null) {
            return;
        }
        int mark = out.writerIndex();
        boolean ok = false;
        long size = -1;
        long sentParts = 0; // bytes of it sent ahead, when streamed
        boolean over = false;
        try {
            if (id == null) {
                JsonRpcWriter.beginResult(out, frame, idStart, idEnd); // verbatim from the frame
            } else {
                JsonRpcWriter.beginResult(out, id);
            }
            int bodyStart = out.writerIndex();
            if (body instanceof ResponseStream.Body && session.outbound().streamsParts(exchange)) {
                ResponseStream stream = ResponseStream.open(session.outbound(), exchange,
                        session.settings.maxResponseBytes(), out, mark);
                try {
                    ((ResponseStream.Body) body).writeJson(out, stream);
                } finally {
                    out = stream.buffer(); // where the rest of the response is, whatever happened
                    mark = stream.mark();
                    sentParts = stream.sent();
                    stream.close();
                }
                if (sentParts > 0) {
                    bodyStart = -1; // its opening has left
                }
            } else {
                body.writeJson(out);
            }
            shape.apply(out, bodyStart);
            JsonRpcWriter.end(out);
            size = sentParts + out.writerIndex() - mark;
            ok = size <= session.settings.maxResponseBytes();
            over = !ok;
        } catch (ResponseStream.OverBound e) {
            over = true; // the part that would go over was not sent; said below
        } catch (IndexOutOfBoundsException e) {
            if (!overBound(out, e)) {
                throw e;
            }
            over = true;
        } finally {
            if (!ok) {
                session.outbound().discard(out, mark); // the buffer (or the part written) is given back now
                if (sentParts > 0) {
                    cutShort(sentParts, over); // parts have left: no other answer can follow them
                }
            }
        }
        if (!ok) {
            if (sentParts == 0) {
                tooLarge(size);
            }
            return;
        }
        finish(out, mark, sentParts);
    }

    /**
     * Ends a response that failed (over {@code limits.max-response-bytes}, or its handler threw)
     * after parts of it were sent: they cannot be retracted and no other answer can follow them
     * on the stream, so the connection is closed ({@link Outbound#abort}); the client sees the
     * line (or chunked HTTP body) cut short, then the end of the stream. Logged at warn: a result
     * outgrew its bound, or its handler failed late.
     *
     * @param overBound whether it went over {@code limits.max-response-bytes} (else the handler threw)
     */
    private void cutShort(long sentBytes, boolean overBound) {
        if (overBound) {
            session.observer.responseRefused(session, method, RESPONSE_TOO_LARGE);
        }
        logContext(LOG.atWarn()).log("{} response {} after {} bytes of it were sent: closing the connection",
                method.methodName(), overBound ? "over limits.max-response-bytes (" + session.settings.maxResponseBytes()
                        + ")" : "failed in its handler", sentBytes);
        untrack();
        session.outbound().abort(exchange);
    }

    /**
     * Whether {@code e} is the response buffer refusing to grow past its maximum capacity,
     * which {@link Outbound#responseBuffer} sets from {@code limits.max-response-bytes}: the
     * response was stopped while being written. Netty says so in the message of the exception
     * {@code ensureWritable} throws; any other index error is a bug and goes on.
     */
    private static boolean overBound(ByteBuf out, IndexOutOfBoundsException e) {
        String message = e.getMessage();
        return message != null && message.contains("exceeds maxCapacity(" + out.maxCapacity() + ")");
    }

    /**
     * Answers, in place of a response larger than {@code limits.max-response-bytes}, with
     * {@code -32603} and {@code data.reason} {@value #RESPONSE_TOO_LARGE}: what we accept
     * inbound is what we send.
     *
     * @param size the response's size when it was written whole; -1 when it was stopped while
     *     being written (then only {@code limit} is said)
     */
    private void tooLarge(long size) {
        int limit = session.settings.maxResponseBytes();
        session.observer.responseRefused(session, method, RESPONSE_TOO_LARGE); // counted; logged at debug only, as a client can repeat it at will
        logContext(LOG.atDebug()).log("{} response over limits.max-response-bytes ({} bytes){}", method.methodName(),
                limit, size < 0 ? "" : ": " + size + " bytes");
        Map<String, Object> data = new java.util.LinkedHashMap<>(4);
        data.put("reason", RESPONSE_TOO_LARGE);
        data.put("limit", limit);
        if (size >= 0) {
            data.put("size", size);
        }
        if (!writeError(id(), dev.tachyon.codec.ErrorCodes.INTERNAL_ERROR, "Response too large", data)) {
            // Only an id near the bound itself does not leave room for this error (the bound is at
            // least 1 KiB): an id that cannot be echoed is answered as JSON-RPC says, with null.
            writeError(null, dev.tachyon.codec.ErrorCodes.INTERNAL_ERROR, "Response too large", data);
        }
    }

    /** Answers with an empty object {@code {}} (ping, setLevel, subscribe). */
    void emptyResult() {
        result(out -> out.writeByte('{').writeByte('}'));
    }

    /** Answers with a pre-encoded list page, closing its object. */
    void page(byte[] pageBody) {
        result(out -> {
            out.writeBytes(pageBody);
            out.writeByte('}');
        });
    }

    /** Answers with a JSON-RPC error. */
    void error(int code, String message, Object data) {
        if (answered) {
            return;
        }
        if (!writeError(id(), code, message, data)) {
            tooLarge(-1); // an error whose data (a handler's McpException) is too large: said without it
        }
    }

    /**
     * Answers with the error of a per-client rate limit ({@code -32007}, {@code -31007} in
     * 2026-07-28): {@code data} says the reason, the rate and when to retry; Streamable HTTP
     * says it with {@code 429} and {@code Retry-After} too.
     */
    void rateLimited(RateLimited refusal) {
        uncommon().retryAfterSeconds = (int) Math.min(Integer.MAX_VALUE, refusal.retryAfterSeconds());
        error(dev.tachyon.codec.ErrorCodes.RATE_LIMITED, refusal.message(), refusal.data());
    }

    /** Writes and sends an error with {@code idBytes} (null: {@code "id":null}); false, having sent nothing, when it is over the bound. */
    private boolean writeError(byte[] idBytes, int code, String message, Object data) {
        ByteBuf out = begin();
        if (out == null) {
            return true; // already answered or cancelled: nothing to send
        }
        int mark = out.writerIndex();
        boolean ok = false;
        try {
            // The one place a request's error is written: the revision's code policy is applied here, so
            // no call site can forget it. errorCode keeps Tachyon's own code for observers and statuses.
            JsonRpcWriter.error(out, idBytes, wireCode(code, isStateless()), message, data);
            ok = out.writerIndex() - mark <= session.settings.maxResponseBytes();
        } catch (IndexOutOfBoundsException e) {
            if (!overBound(out, e)) {
                throw e;
            }
        } finally {
            if (!ok) {
                session.outbound().discard(out, mark);
            }
        }
        if (ok) {
            errorCode = code;
            finish(out, mark);
        }
        return ok;
    }

    /**
     * The code written on the wire for {@code code}: as is in the 2025 revisions, moved out of
     * the range 2026-07-28 reserves to the specification for a request served by that revision
     * ({@link dev.tachyon.codec.ErrorCodes#forStatelessRevision}).
     */
    static int wireCode(int code, boolean stateless) {
        return stateless ? dev.tachyon.codec.ErrorCodes.forStatelessRevision(code) : code;
    }

    /** Arms the deadline: {@code expiry} runs on the session's executor unless the request is answered first. */
    void deadline(long nanos, Runnable expiry) {
        uncommon().deadline = session.outbound().executor().schedule(expiry, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** As {@link #deadline(long, Runnable)}, for an expiry that is a call's own object (no adapter per call). */
    void deadline(long nanos, java.util.concurrent.Callable<?> expiry) {
        uncommon().deadline = session.outbound().executor().schedule(expiry, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Stops the work (interrupting its worker) and answers with an error: the deadline passed. */
    void expire(int code, String message, Object data) {
        if (answered) {
            return;
        }
        interrupt();
        error(code, message, data);
    }

    /** Marks the request cancelled: no answer will be sent; the exchange ends now. */
    void cancel() {
        if (answered) {
            return;
        }
        interrupt();
        untrack();
        session.outbound().complete(exchange, null);
    }

    private synchronized void interrupt() {
        Uncommon u = uncommon();
        u.cancelled = true;
        if (u.worker != null) {
            u.worker.interrupt();
        }
    }

    synchronized boolean isCancelled() {
        Uncommon u = uncommon;
        return u != null && u.cancelled;
    }

    /** Records the worker thread running this request, so cancellation can interrupt it. */
    synchronized boolean startOn(Thread thread) {
        Uncommon u = uncommon();
        if (u.cancelled) {
            return false;
        }
        u.worker = thread;
        return true;
    }

    /** The worker is done with this request; later cancellation must not interrupt the thread. */
    synchronized void stopped() {
        Uncommon u = uncommon;
        if (u != null) {
            u.worker = null;
        }
    }

    /** This request's {@link Uncommon} part, made on first use. */
    private Uncommon uncommon() {
        Uncommon u = uncommon;
        if (u == null) {
            synchronized (this) {
                u = uncommon;
                if (u == null) {
                    u = new Uncommon();
                    uncommon = u;
                }
            }
        }
        return u;
    }

    private ByteBuf begin() {
        if (answered) {
            return null; // cancelled, or already answered: exactly one answer
        }
        return session.outbound().responseBuffer(256, session.settings.maxResponseBytes());
    }

    /** Tells the session's observer, if it has one, that this request starts; called once, before dispatch. */
    void observeStart() {
        if (session.observer != EngineObserver.NONE) { // unobserved requests do not even read the clock
            Uncommon u = uncommon();
            u.started = System.nanoTime();
            u.observation = session.observer.requestStarted(session, method, id(), params());
        }
    }

    /** Adds the session, request id and trace id to a log line about this request (rare paths only). */
    org.slf4j.spi.LoggingEventBuilder logContext(org.slf4j.spi.LoggingEventBuilder line) {
        Uncommon u = uncommon;
        String traceId = session.observer.traceId(u == null ? null : u.observation);
        line.addKeyValue("session", session.id()).addKeyValue("requestId", idKey());
        return traceId == null ? line : line.addKeyValue("traceId", traceId);
    }

    private void finish(ByteBuf out, int mark) {
        finish(out, mark, 0);
    }

    /** @param sentBefore bytes of the response already sent in parts */
    private void finish(ByteBuf out, int mark, long sentBefore) {
        session.observer.sent((int) (sentBefore + out.writerIndex() - mark)); // at most max-response-bytes
        untrack();
        Uncommon u = uncommon;
        if (errorCode == 0) {
            session.outbound().complete(exchange, out);
        } else if (u != null && u.retryAfterSeconds > 0) {
            session.outbound().completeRefused(exchange, out, errorCode, u.retryAfterSeconds);
        } else {
            session.outbound().completeWithError(exchange, out, errorCode);
        }
    }

    private void untrack() {
        answered = true;
        Uncommon u = uncommon;
        if (session.observer != EngineObserver.NONE) { // an observed request has its part since observeStart
            session.observer.requestEnded(session, method, u == null ? null : u.observation,
                    System.nanoTime() - (u == null ? 0 : u.started), errorCode, u != null && u.cancelled);
        }
        if (u == null) {
            return; // an inline call: no deadline, not tracked, nothing to run at its end
        }
        if (u.deadline != null) {
            u.deadline.cancel(false);
            u.deadline = null;
        }
        if (u.tracked) {
            u.tracked = false;
            session.untrack(this);
        }
        if (u.onEnd != null) {
            Runnable action = u.onEnd;
            u.onEnd = null;
            action.run();
        }
    }

    /**
     * The part of a request only some requests use: offloaded (worker, deadline, end action),
     * tracked, cancelled, observed, or refused by a rate limit. {@code cancelled} and
     * {@code worker} are read and written under the request's lock; the rest on the session's
     * executor.
     */
    private static final class Uncommon {

        boolean tracked;
        boolean cancelled;
        Thread worker;
        java.util.concurrent.ScheduledFuture<?> deadline;
        Runnable onEnd;
        /** For the session's {@link EngineObserver}, if any: when it started, what the observer made of it. */
        long started;
        Object observation;
        /** When a rate limit refused the request: the seconds it tells the client to wait; else 0 (saturated int). */
        int retryAfterSeconds;
    }
}
