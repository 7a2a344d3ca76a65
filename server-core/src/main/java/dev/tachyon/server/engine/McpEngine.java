package dev.tachyon.server.engine;

import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP protocol engine: takes one JSON-RPC frame at a time from any transport, answers it
 * through the session's {@link Outbound}, and keeps the session's protocol state.
 *
 * <p>Every call for a session must be made on that session's executor. The engine never
 * keeps a reference to a frame after {@link #onMessage} returns: ids are copied, params are
 * decoded, so the transport releases the frame as soon as the call returns.
 */
public final class McpEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpEngine.class);
    /** {@code data.reason} of the {@code -32602} answering params that repeat a member name. */
    public static final String DUPLICATE_MEMBER = "duplicate-member";
    private static final String MEMORY_FULL = "Server overloaded: memory is nearly full";
    private static final Map<String, Object> MEMORY_REFUSAL = Map.of("reason", "memory", "retryAfterMs", 500);

    private final EngineSettings settings;
    private final Catalogs catalogs;
    private final WorkerPool workers;
    private final Lifecycle lifecycle;
    private final ToolMethods tools;
    private final ResourceMethods resources;
    private final PromptMethods prompts;
    private final ClientRequests clientRequests;
    private final CircuitBreakers breakers;
    private final MemoryPressure memory;
    private final SessionLimits limits;
    private final Listeners listeners;
    /** One scanner per thread (engine calls for a session run on its thread, one at a time), not per session. */
    private final FastThreadLocal<EnvelopeScanner> scanners;
    private volatile EngineObserver observer = EngineObserver.NONE;

    public McpEngine(EngineSettings settings, Catalogs catalogs) {
        this(settings, catalogs, MemoryPressure.none());
    }

    /** @param memory when it says so, new requests are refused ({@code -32001}, reason {@code memory}) */
    public McpEngine(EngineSettings settings, Catalogs catalogs, MemoryPressure memory) {
        this.settings = settings;
        this.memory = memory;
        int maxJsonDepth = settings.maxJsonDepth();
        this.scanners = new FastThreadLocal<>() {
            @Override
            protected EnvelopeScanner initialValue() {
                return new EnvelopeScanner(maxJsonDepth);
            }
        };
        this.catalogs = catalogs;
        this.workers = new WorkerPool(settings.workerThreads(), settings.workerQueueCapacity(),
                settings.workerMaxPerSession(), settings.workerMaxQueuedPerSession());
        this.limits = new SessionLimits(settings.maxSubscriptionsPerSession(), settings.maxUriBytes(),
                settings.maxPendingClientRequests());
        this.listeners = new Listeners(limits);
        this.clientRequests = new ClientRequests(settings.clientRequestTimeout(), limits);
        this.lifecycle = new Lifecycle(settings);
        Offload offload = new Offload(workers, settings.maxInFlightPerSession());
        this.breakers = new CircuitBreakers(settings.breakerFailureThreshold(), settings.breakerOpenDuration(),
                settings.breakerHalfOpenProbes());
        InputRounds rounds = new InputRounds(new RequestState(settings.requestStateKey(),
                settings.requestStatePreviousKey(), settings.requestStateTtl(), java.time.Clock.systemUTC()), clientRequests);
        this.tools = new ToolMethods(catalogs, new LiveCatalog(catalogs, this::resourceUpdated), offload, clientRequests,
                rounds, breakers, settings.toolTimeout());
        this.resources = new ResourceMethods(catalogs, offload, rounds, limits);
        this.prompts = new PromptMethods(catalogs, offload, rounds);
        ListChanged.install(catalogs, listeners);
    }

    /** The settings this engine runs with. */
    public EngineSettings settings() {
        return settings;
    }

    /** The catalogs and session registry this engine serves. */
    public Catalogs catalogs() {
        return catalogs;
    }

    /** The memory watermarks this engine honours. */
    public MemoryPressure memory() {
        return memory;
    }

    /** The circuit breakers of the tools. */
    public CircuitBreakers breakers() {
        return breakers;
    }

    /** The per-session bounds and their counts (subscriptions open, refusals by reason). */
    public SessionLimits limits() {
        return limits;
    }

    /** URIs with at least one {@code resources/subscribe} subscriber now (what the subscription registry holds). */
    public int subscribedUriCount() {
        return catalogs.subscriptions().uriCount();
    }

    /** The worker pool running blocking handlers. */
    public WorkerPool workers() {
        return workers;
    }

    /** Installs the observer of sessions opened from now on (metrics, traces); {@link EngineObserver#NONE} by default. */
    public void observe(EngineObserver value) {
        this.observer = java.util.Objects.requireNonNull(value);
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} to the sessions subscribed to it. */
    public void resourceUpdated(String uri) {
        resources.updated(uri);
        listeners.resourceUpdated(uri);
    }

    /**
     * Opens a session that speaks through {@code outbound}, serving each message by the revision
     * its shape asks for (TCP, stdio); {@code id} must be unique.
     */
    public McpSession openSession(String id, Outbound outbound) {
        return openSession(id, outbound, McpSession.RevisionScope.PER_MESSAGE);
    }

    /** Opens a session whose messages are served by {@code eras}; {@code id} must be unique. */
    public McpSession openSession(String id, Outbound outbound, McpSession.RevisionScope eras) {
        McpSession session = new McpSession(id, outbound, eras);
        session.observer = observer;
        session.settings = settings;
        observer.sessionOpened(session);
        catalogs.sessions().put(id, session);
        return session;
    }

    /** Ends a session: cancels its in-flight work, fails its pending client requests, forgets it. */
    public void closeSession(McpSession session) {
        if (session.state == McpSession.CLOSED) {
            return;
        }
        session.state = McpSession.CLOSED;
        session.observer.sessionClosed(session);
        catalogs.sessions().remove(session.id(), session);
        if (session.subscriptionCount() > 0) {
            limits.unsubscribed(session.subscriptionCount());
            catalogs.subscriptions().unsubscribeAll(session.subscriptions(), session);
            session.subscriptions().clear(); // a closed session keeps nothing it was sent
        }
        // Its queued calls leave the queue now, unrun (first, so that no worker freed by the
        // cancellations below takes one); the loop then cancels them with the running ones.
        session.closeWorkerLane();
        for (Request r : List.copyOf(session.inFlight().values())) {
            r.cancel();
        }
        for (Listeners.Stream stream : List.copyOf(session.listens().values())) {
            stream.cancel();
        }
        clientRequests.failAll(session, "session closed");
    }

    /**
     * Handles one frame (one JSON-RPC message without its line terminator). Does not take
     * ownership of {@code frame}.
     *
     * @param exchange the transport's tag for this message, passed back in every
     *     {@link Outbound} call it causes (null where the transport has one stream)
     */
    public void onMessage(McpSession session, ByteBuf frame, Object exchange) {
        onMessage(session, frame, exchange, null);
    }

    /**
     * As {@link #onMessage(McpSession, ByteBuf, Object)}, with the request metadata the transport
     * carried beside the message, which a stateless (2026-07-28) request must agree with.
     *
     * @param headers null where the transport has none
     */
    public void onMessage(McpSession session, ByteBuf frame, Object exchange, MessageHeaders headers) {
        session.observer.received(frame.readableBytes());
        EnvelopeScanner scanner = scanners.get();
        JsonRpcEnvelope env = MessageScratch.current().envelope;
        int status = scanner.scan(frame, env);
        if (status == ErrorCodes.INVALID_PARAMS) {
            refuseDuplicate(session, frame, env, exchange, scanner.duplicateMember());
            return;
        }
        if (status != EnvelopeScanner.OK) {
            byte[] id = status == ErrorCodes.INVALID_REQUEST && env.hasId() && env.idType() != JsonRpcEnvelope.ID_NULL
                    ? copy(frame, env.idStart(), env.idEnd()) : null;
            String message = status == ErrorCodes.PARSE_ERROR ? "Parse error" : "Invalid Request";
            session.observer.rejected(session, null, status);
            replyError(session, exchange, id, status, message, Map.of("detail", scanner.errorDetail()));
            return;
        }
        switch (env.kind()) {
            case JsonRpcEnvelope.REQUEST:
                onRequest(session, frame, env, exchange, headers);
                break;
            case JsonRpcEnvelope.NOTIFICATION:
                onNotification(session, frame, env);
                session.outbound().complete(exchange, null);
                break;
            default: // RESULT or ERROR: the client answering one of our requests
                clientRequests.onResponse(session, frame, env);
                session.outbound().complete(exchange, null);
                break;
        }
    }

    /**
     * A well-formed request or notification whose params repeat a member name: a request gets
     * {@code -32602} with {@code data.reason} {@value #DUPLICATE_MEMBER} and the member's name, a
     * notification (which has no answer) is dropped. No handler sees such params, on any path.
     */
    private static void refuseDuplicate(McpSession session, ByteBuf frame, JsonRpcEnvelope env, Object exchange,
            String member) {
        McpMethod method = method(frame, env);
        session.observer.rejected(session, method, ErrorCodes.INVALID_PARAMS);
        if (env.kind() != JsonRpcEnvelope.REQUEST) {
            session.outbound().complete(exchange, null);
            return;
        }
        replyError(session, exchange, copy(frame, env.idStart(), env.idEnd()), ErrorCodes.INVALID_PARAMS,
                "Invalid params: a member name occurs twice in one object", duplicateData(member));
    }

    /** The {@code data} of the error refusing params that repeat {@code member}. */
    public static Map<String, Object> duplicateData(String member) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(4);
        data.put("reason", DUPLICATE_MEMBER); // reason first, as in every refusal's data
        data.put("member", member);
        return data;
    }

    private void onRequest(McpSession session, ByteBuf frame, JsonRpcEnvelope env, Object exchange,
            MessageHeaders headers) {
        McpMethod method = method(frame, env);
        if (method != McpMethod.PING && !memory.admitsMessage(frame.readableBytes())) {
            // Refused before anything is decoded: a multi-MiB message becomes a tree many times its size.
            byte[] id = copy(frame, env.idStart(), env.idEnd());
            session.observer.rejected(session, method, ErrorCodes.OVERLOADED);
            replyError(session, exchange, id, ErrorCodes.OVERLOADED, MEMORY_FULL, MEMORY_REFUSAL);
            return;
        }
        if (method == McpMethod.TOOLS_CALL && session.eras != McpSession.RevisionScope.STATELESS && session.isInitialized()
                && tools.callInPlace(session, frame, env, exchange)) {
            return; // the common case, served from the frame in place
        }
        // Params are decoded only as far as something reads them: the era needs _meta alone, and
        // a stateful request decodes the rest when its handler asks (ping never does). Decoding
        // is linear, but a 4 MiB params object nobody reads should cost its scan, not a tree.
        McpException invalid = env.hasParams() && frame.getByte(env.paramsStart()) != '{'
                ? McpException.invalidParams("params must be an object") : null;
        Map<String, Object> params = null;
        RequestMeta meta = null;
        try {
            if (stateless(session, method, invalid == null ? metaOnly(frame, env, settings.maxNumberDigits()) : null)) {
                if (invalid != null) {
                    throw invalid;
                }
                params = params(frame, env, settings.maxNumberDigits());
                String name = method == McpMethod.UNKNOWN
                        ? JsonValues.stringContent(frame, env.methodStart(), env.methodEnd()) : method.methodName();
                meta = StatelessRules.admit(method, name, params, headers, catalogs);
            } else if (method == McpMethod.UNKNOWN) {
                String name = JsonValues.stringContent(frame, env.methodStart(), env.methodEnd());
                throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found", Map.of("method", name));
            } else if (invalid != null) {
                throw invalid;
            }
        } catch (McpException e) {
            session.observer.rejected(session, method, e.code());
            replyError(session, exchange, copy(frame, env.idStart(), env.idEnd()), e.code(), e.getMessage(), e.data());
            return;
        }
        // Stateful: id and params stay in the frame until detach(), which copies what a request
        // handed to a worker still needs (handlers read their params on this thread first).
        Request request = meta == null ? Request.inPlace(session, exchange, method, frame, env)
                : new Request(session, exchange, method, copy(frame, env.idStart(), env.idEnd()), params, meta);
        request.observeStart();
        try {
            dispatch(session, request);
        } catch (RuntimeException e) {
            answerFailure(request, e);
        } finally {
            request.detach();
        }
    }

    /**
     * The params with only their {@code _meta} decoded (what the era is decided by), found in
     * place; the whole params decoded when the in-place reader is unsure (escaped names).
     */
    private static Map<String, Object> metaOnly(ByteBuf frame, JsonRpcEnvelope env, int maxNumberDigits) {
        if (!env.hasParams()) {
            return Collections.emptyMap();
        }
        MessageScratch scratch = MessageScratch.current();
        scratch.oneName[0] = "_meta";
        if (!scratch.members.find(frame, env.paramsStart(), env.paramsEnd(), scratch.oneName, scratch.oneSpan)) {
            return params(frame, env, maxNumberDigits);
        }
        long span = scratch.oneSpan[0];
        if (span == dev.tachyon.codec.JsonMembers.ABSENT) {
            return Collections.emptyMap();
        }
        return Collections.singletonMap("_meta", Decoding.read(frame, dev.tachyon.codec.JsonMembers.start(span),
                dev.tachyon.codec.JsonMembers.end(span), maxNumberDigits));
    }

    /** Answers a request whose handling threw: with the {@link McpException}'s error, or an internal error. */
    static void answerFailure(Request request, RuntimeException e) {
        if (e instanceof dev.tachyon.codec.JsonNumber.TooManyDigits) {
            e = McpException.numberTooLong((dev.tachyon.codec.JsonNumber.TooManyDigits) e); // read past the bound: the caller's
        }
        if (e instanceof McpException) {
            McpException error = (McpException) e;
            request.error(error.code(), error.getMessage(), error.data());
            return;
        }
        request.logContext(LOG.atError()).setCause(e)
                .log("{} failed in session {}", request.method.methodName(), request.session.id());
        request.error(ErrorCodes.INTERNAL_ERROR, "Internal error", Map.of("detail", String.valueOf(e)));
    }

    /**
     * The protocol revisions a session can speak, newest first: what {@code initialize}
     * negotiates, and so the only values a transport accepts in a session's
     * {@code MCP-Protocol-Version} header.
     */
    public static java.util.List<String> sessionVersions() {
        return Lifecycle.SUPPORTED_VERSIONS;
    }

    /**
     * Whether a scanned message is shaped for the stateless revision (its {@code _meta} carries
     * that revision's per-request keys, or its method exists only there): what a transport
     * that decides the era per message looks at. Unreadable params count as not.
     */
    public static boolean isStatelessShaped(ByteBuf frame, JsonRpcEnvelope env) {
        try {
            // Only _meta's keys are looked at: the digit bound of numbers nobody reads does not matter.
            if (env.hasParams() && frame.getByte(env.paramsStart()) != '{') {
                return false;
            }
            return RequestMeta.isModern(method(frame, env), metaOnly(frame, env, dev.tachyon.codec.JsonNumber.DEFAULT_MAX_DIGITS));
        } catch (McpException e) {
            return false;
        }
    }

    /** Whether {@code session} serves this request by the stateless revision. */
    private static boolean stateless(McpSession session, McpMethod method, Map<String, Object> params) {
        switch (session.eras) {
            case STATEFUL:
                return false;
            case STATELESS:
                return true;
            default:
                return RequestMeta.isModern(method, params);
        }
    }

    private static Map<String, Object> params(ByteBuf frame, JsonRpcEnvelope env, int maxNumberDigits) {
        if (!env.hasParams()) {
            return Collections.emptyMap();
        }
        Map<String, Object> params = Decoding.objectOrNull(frame, env.paramsStart(), env.paramsEnd(), maxNumberDigits);
        if (params == null) {
            throw McpException.invalidParams("params must be an object");
        }
        return params;
    }

    private void dispatch(McpSession session, Request request) {
        McpMethod method = request.method;
        if (memory.rejectingRequests() && method != McpMethod.PING) {
            request.error(ErrorCodes.OVERLOADED, MEMORY_FULL, MEMORY_REFUSAL);
            return;
        }
        if (request.isStateless()) {
            switch (method) {
                case SERVER_DISCOVER: lifecycle.discover(request); break;
                case SUBSCRIPTIONS_LISTEN: listeners.listen(request); break;
                default: serve(request);
            }
            return;
        }
        if (!session.isInitialized() && method != McpMethod.INITIALIZE && method != McpMethod.PING) {
            request.error(ErrorCodes.NOT_INITIALIZED, "Session not initialized: send initialize first", null);
            return;
        }
        switch (method) {
            case INITIALIZE: lifecycle.initialize(request); break;
            case PING: request.emptyResult(); break;
            case LOGGING_SET_LEVEL: lifecycle.setLevel(request); break;
            case RESOURCES_SUBSCRIBE: resources.subscribe(request); break;
            case RESOURCES_UNSUBSCRIBE: resources.unsubscribe(request); break;
            default: serve(request);
        }
    }

    /** The methods every revision has. */
    private void serve(Request request) {
        McpMethod method = request.method;
        switch (method) {
            case TOOLS_LIST: request.page(page(catalogs.tools().snapshot(), request)); break;
            case TOOLS_CALL: tools.call(request); break;
            case RESOURCES_LIST: request.page(page(catalogs.resources().snapshot(), request)); break;
            case RESOURCES_TEMPLATES_LIST: request.page(page(catalogs.templates().snapshot(), request)); break;
            case RESOURCES_READ: resources.read(request); break;
            case PROMPTS_LIST: request.page(page(catalogs.prompts().snapshot(), request)); break;
            case PROMPTS_GET: prompts.get(request); break;
            case COMPLETION_COMPLETE: Completions.complete(catalogs, limits, request); break;
            default:
                request.error(ErrorCodes.METHOD_NOT_FOUND, "Method not found", Map.of("method", method.methodName()));
        }
    }

    private static byte[] page(dev.tachyon.registry.CatalogSnapshot<?> snapshot, Request request) {
        int index = snapshot.pageIndex(Params.optionalString(request.params(), "cursor"));
        if (index < 0) {
            throw McpException.invalidParams("Invalid cursor");
        }
        return snapshot.page(index);
    }

    private void onNotification(McpSession session, ByteBuf frame, JsonRpcEnvelope env) {
        McpMethod method = method(frame, env);
        switch (method) {
            case NOTIFICATIONS_INITIALIZED:
                if (session.state == McpSession.INITIALIZED) {
                    session.state = McpSession.READY;
                }
                break;
            case NOTIFICATIONS_CANCELLED:
                Map<String, Object> params = cancelledParams(frame, env, settings.maxNumberDigits());
                if (params != null) {
                    cancel(session, params.get("requestId"));
                }
                break;
            default:
                break; // unknown notifications are ignored, as JSON-RPC allows
        }
    }

    private static Map<String, Object> cancelledParams(ByteBuf frame, JsonRpcEnvelope env, int maxNumberDigits) {
        try {
            return env.hasParams() ? Decoding.objectOrNull(frame, env.paramsStart(), env.paramsEnd(), maxNumberDigits) : null;
        } catch (McpException e) {
            return null; // a notification has no answer to carry the error: ignore it
        }
    }

    private static void cancel(McpSession session, Object requestId) {
        if (requestId == null) {
            return;
        }
        io.netty.buffer.ByteBuf key = io.netty.buffer.Unpooled.buffer(32);
        try {
            dev.tachyon.codec.JsonOut.value(key, requestId);
            String id = key.toString(java.nio.charset.StandardCharsets.UTF_8);
            Request request = session.inFlight().get(id);
            Listeners.Stream stream = session.listens().get(id);
            if (request != null) {
                request.cancel();
            } else if (stream != null) {
                stream.cancel();
            }
            session.outbound().flush();
        } finally {
            key.release();
        }
    }

    private static McpMethod method(ByteBuf frame, JsonRpcEnvelope env) {
        if (env.methodEscaped()) {
            return McpMethod.lookup(JsonValues.stringContent(frame, env.methodStart(), env.methodEnd()));
        }
        return McpMethod.lookup(frame, env.methodStart(), env.methodEnd());
    }

    private static void replyError(McpSession session, Object exchange, byte[] id, int code, String message,
            Object data) {
        ByteBuf out = session.outbound().alloc().buffer(128);
        JsonRpcWriter.error(out, id, code, message, data);
        session.observer.sent(out.readableBytes());
        session.outbound().completeWithError(exchange, out, code);
    }

    static byte[] copy(ByteBuf frame, int start, int end) {
        byte[] bytes = new byte[end - start];
        frame.getBytes(start, bytes);
        return bytes;
    }

    /** Stops the worker pool, letting running handlers finish for up to {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        workers.close(timeoutMillis);
    }

    @Override
    public void close() {
        workers.close();
    }
}
