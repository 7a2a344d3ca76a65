package dev.tachyon.server.engine;

import dev.tachyon.server.ratelimit.RateLimits;
import dev.tachyon.api.Principal;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.tasks.TaskStore;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.McpMethod;
import dev.tachyon.api.McpException;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * The MCP protocol engine: takes one JSON-RPC message at a time from any transport, answers it
 * through the session's {@link Outbound}, and keeps the session's protocol state.
 *
 * <p>Ingress, the same on every transport: {@link #scan} is a message's one scan, and
 * {@link #onMessage(McpSession, Inbound, Object, MessageHeaders)} handles what it found (a
 * transport that routes by the message, HTTP, scans first and hands the result on). Failures
 * while serving are answered by one mapping, {@link HandlerFailure}.
 *
 * <p>Every call for a session must be made on that session's executor. The engine never
 * reads a frame after {@link #onMessage} returns: ids are copied, params are decoded, so the
 * transport releases the frame as soon as the call returns.
 */
public final class McpEngine implements AutoCloseable {

    private static final String MEMORY_FULL = "Server overloaded: memory is nearly full";
    private static final Map<String, Object> MEMORY_REFUSAL = Map.of("reason", "memory", "retryAfterMs", 500);

    private final EngineSettings settings;
    private final Catalogs catalogs;
    private final WorkerPool workers;
    private final Lifecycle lifecycle;
    private final ToolMethods tools;
    private final ResourceMethods resources;
    private final PromptMethods prompts;
    private final SkillMethods skills;
    private final ClientRequests clientRequests;
    private final CircuitBreakers breakers;
    private final MemoryPressure memory;
    private final SessionLimits limits;
    private final Listeners listeners;
    private final RateLimits rateLimits;
    private final TaskStore taskStore;
    private final TaskMethods tasks;
    private final SessionTaskMethods sessionTasks;
    /** The nesting limit of a scan; the scanner is the thread's ({@link MessageScratch#scanner}), not the session's. */
    private final int maxJsonDepth;
    private volatile EngineObserver observer = EngineObserver.NONE;

    public McpEngine(EngineSettings settings, Catalogs catalogs) {
        this(settings, catalogs, MemoryPressure.none());
    }

    /** @param memory when it says so, new requests are refused ({@code -32001}, reason {@code memory}) */
    public McpEngine(EngineSettings settings, Catalogs catalogs, MemoryPressure memory) {
        this(settings, catalogs, memory, RateLimits.none());
    }

    /**
     * @param memory when it says so, new requests are refused ({@code -32001}, reason {@code memory})
     * @param rateLimits the per-client rates; tool calls over theirs are refused ({@code -32007})
     */
    public McpEngine(EngineSettings settings, Catalogs catalogs, MemoryPressure memory,
            RateLimits rateLimits) {
        this.settings = settings;
        this.rateLimits = rateLimits;
        this.memory = memory;
        this.maxJsonDepth = settings.maxJsonDepth();
        this.catalogs = catalogs;
        this.workers = new WorkerPool(settings.workerThreads(), settings.workerQueueCapacity(),
                settings.workerMaxPerSession(), settings.workerMaxQueuedPerSession());
        this.limits = new SessionLimits(settings.maxSubscriptionsPerSession(), settings.maxUriBytes(),
                settings.maxPendingClientRequests());
        this.taskStore = new TaskStore(settings.taskLimits());
        this.listeners = new Listeners(limits, new ListenTasks(taskStore));
        this.clientRequests = new ClientRequests(settings.clientRequestTimeout(), limits);
        this.lifecycle = new Lifecycle(settings, catalogs);
        Offload offload = new Offload(workers, settings.maxInFlightPerSession());
        this.breakers = new CircuitBreakers(settings.breakerFailureThreshold(), settings.breakerOpenDuration(),
                settings.breakerHalfOpenProbes());
        InputRounds rounds = new InputRounds(new RequestState(settings.requestStateKey(),
                settings.requestStatePreviousKey(), settings.requestStateTtl(), java.time.Clock.systemUTC()), clientRequests);
        LiveCatalog live = new LiveCatalog(catalogs, this::resourceUpdated);
        this.tasks = new TaskMethods(taskStore, workers, live, settings.toolTimeout(), clientRequests);
        this.sessionTasks = new SessionTaskMethods(taskStore, settings);
        this.tools = new ToolMethods(catalogs, live, offload, clientRequests, rounds, breakers, rateLimits,
                settings.toolTimeout(), tasks);
        this.resources = new ResourceMethods(catalogs, offload, rounds, limits);
        this.prompts = new PromptMethods(catalogs, offload, rounds);
        this.skills = new SkillMethods(catalogs, limits);
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

    /** The per-client rate limits: tool calls here, new sessions at the HTTP endpoint, new connections at the gate. */
    public RateLimits rateLimits() {
        return rateLimits;
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

    /** The tasks held (the 2026-07-28 tasks extension): their bounds, counts and metrics. */
    public TaskStore tasks() {
        return taskStore;
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
     * Opens a session of {@code transport} that speaks through {@code outbound}, serving each
     * message by the revision its shape asks for (TCP, stdio); {@code id} must be unique.
     */
    public McpSession openSession(String id, TransportKind transport, Outbound outbound) {
        return openSession(id, transport, outbound, McpSession.RevisionScope.PER_MESSAGE);
    }

    /**
     * Opens a session of {@code transport} whose messages are served by {@code eras};
     * {@code id} must be unique. The transport is what metrics, health and traces label the
     * session with.
     */
    public McpSession openSession(String id, TransportKind transport, Outbound outbound,
            McpSession.RevisionScope eras) {
        McpSession session = new McpSession(id, outbound, java.util.Objects.requireNonNull(transport), eras);
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
        for (Request r : session.inFlightRequests()) {
            r.cancel();
        }
        for (Listeners.Stream stream : List.copyOf(session.listens().values())) {
            stream.cancel();
        }
        clientRequests.failAll(session, "session closed");
    }

    /**
     * Scans {@code frame} (one JSON-RPC message without its framing): the one scan a message
     * gets. The result is this thread's own, valid until its next scan (see {@link Inbound}).
     */
    public Inbound scan(ByteBuf frame) {
        MessageScratch scratch = MessageScratch.current();
        scratch.scans++;
        return scratch.inbound.scan(scratch.scanner(maxJsonDepth), frame);
    }

    /**
     * Messages scanned on the calling thread since it started: lets a test check that a
     * transport scans each message once. Plain per-thread counting, free on the hot path.
     */
    public static long scansOnThisThread() {
        return MessageScratch.current().scans;
    }

    /**
     * Scans and handles one frame (one JSON-RPC message without its framing): what a transport
     * that does not look at messages itself calls (TCP, stdio). Does not take ownership of
     * {@code frame}.
     *
     * @param exchange the transport's tag for this message, passed back in every
     *     {@link Outbound} call it causes (null where the transport has one stream)
     */
    public void onMessage(McpSession session, ByteBuf frame, Object exchange) {
        onMessage(session, scan(frame), exchange, null);
    }

    /**
     * Handles one scanned message: the engine's one entry, for every transport. A message the
     * scan refused is answered with {@link Inbound#writeRefusal its error} (a notification's is
     * dropped). Does not take ownership of the frame; keeps no reference to it after returning.
     *
     * @param exchange the transport's tag for this message, passed back in every
     *     {@link Outbound} call it causes (null where the transport has one stream)
     * @param headers the request metadata the transport carried beside the message, which a
     *     stateless (2026-07-28) request must agree with; null where the transport has none
     */
    public void onMessage(McpSession session, Inbound message, Object exchange, MessageHeaders headers) {
        onMessage(session, message, exchange, headers, session.principal());
    }

    /**
     * As {@link #onMessage(McpSession, Inbound, Object, MessageHeaders)}, for a message whose
     * sender the transport authenticated per message (a bearer token on each HTTP POST) rather
     * than once for the session: handlers of a request it starts see {@code principal} (not
     * null: {@link Principal#anonymous()} for nobody).
     */
    public void onMessage(McpSession session, Inbound message, Object exchange, MessageHeaders headers,
            Principal principal) {
        session.observer.received(message.frame().readableBytes());
        if (!message.ok()) {
            refuse(session, message, exchange);
            return;
        }
        switch (message.kind()) {
            case JsonRpcEnvelope.REQUEST:
                onRequest(session, message, exchange, headers, principal);
                break;
            case JsonRpcEnvelope.NOTIFICATION:
                onNotification(session, message);
                session.outbound().complete(exchange, null);
                break;
            default: // RESULT or ERROR: the client answering one of our requests
                clientRequests.onResponse(session, message.frame(), message.envelope());
                session.outbound().complete(exchange, null);
                break;
        }
    }

    /**
     * A message the scan refused. Params that repeat a member name: no handler sees them, on any
     * path; a request gets {@code -32602}, a notification (which has no answer) is dropped.
     */
    private static void refuse(McpSession session, Inbound message, Object exchange) {
        int status = message.status();
        boolean duplicate = status == ErrorCodes.INVALID_PARAMS;
        session.observer.rejected(session, duplicate ? message.method() : null, status);
        if (duplicate && !message.isRequest()) {
            session.outbound().complete(exchange, null);
            return;
        }
        ByteBuf out = session.outbound().alloc().buffer(128);
        message.writeRefusal(out);
        send(session, exchange, out, status);
    }

    private void onRequest(McpSession session, Inbound message, Object exchange, MessageHeaders headers,
            Principal principal) {
        ByteBuf frame = message.frame();
        JsonRpcEnvelope env = message.envelope();
        McpMethod method = message.method();
        if (method != McpMethod.PING && !memory.admitsMessage(frame.readableBytes())) {
            // Refused before anything is decoded: a multi-MiB message becomes a tree many times its size.
            session.observer.rejected(session, method, ErrorCodes.OVERLOADED);
            replyError(session, exchange, message.id(), statelessShaped(session, message), ErrorCodes.OVERLOADED,
                    MEMORY_FULL, MEMORY_REFUSAL);
            return;
        }
        if (method == McpMethod.TOOLS_CALL && session.eras != McpSession.RevisionScope.STATELESS && session.isInitialized()
                && tools.callInPlace(session, frame, env, exchange, principal, message.scratch())) {
            return; // the common case, served from the frame in place
        }
        // Params are decoded only as far as something reads them: the era needs _meta alone, and
        // a stateful request decodes the rest when its handler asks (ping never does). Decoding
        // is linear, but a 4 MiB params object nobody reads should cost its scan, not a tree.
        McpException invalid = message.paramsNotObject() ? McpException.invalidParams("params must be an object") : null;
        Map<String, Object> params = null;
        RequestMeta meta = null;
        boolean modern = session.eras == McpSession.RevisionScope.STATELESS;
        try {
            if (stateless(session, method, invalid == null ? message.metaOnly(settings.maxNumberDigits()) : null)) {
                modern = true;
                if (invalid != null) {
                    throw invalid;
                }
                params = message.params(settings.maxNumberDigits());
                String name = method == McpMethod.UNKNOWN ? message.methodName() : method.methodName();
                meta = StatelessRules.admit(method, name, params, headers, catalogs);
            } else if (method == McpMethod.UNKNOWN) {
                throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found",
                        Map.of("method", message.methodName()));
            } else if (invalid != null) {
                throw invalid;
            }
        } catch (McpException e) {
            session.observer.rejected(session, method, e.code());
            replyError(session, exchange, message.id(), modern, e.code(), e.getMessage(), e.data());
            return;
        }
        // Stateful: id and params stay in the frame until detach(), which copies what a request
        // handed to a worker still needs (handlers read their params on this thread first).
        Request request = meta == null ? Request.inPlace(session, exchange, principal, method, frame, env)
                : new Request(session, exchange, principal, method, message.id(), params, meta);
        request.observeStart();
        try {
            dispatch(session, request);
        } catch (RuntimeException e) {
            HandlerFailure.answer(request, e);
        } finally {
            request.detach();
        }
    }

    /**
     * The protocol revisions a session can speak, newest first: what {@code initialize}
     * negotiates, and so the only values a transport accepts in a session's
     * {@code MCP-Protocol-Version} header.
     */
    public static java.util.List<String> sessionVersions() {
        return Lifecycle.SUPPORTED_VERSIONS;
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
                case TASKS_GET: tasks.get(request); break;
                case TASKS_UPDATE: tasks.update(request); break;
                case TASKS_CANCEL: tasks.cancel(request); break;
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
            case TASKS_GET:
            case TASKS_RESULT:
            case TASKS_LIST:
            case TASKS_CANCEL: sessionTask(request); break;
            default: serve(request);
        }
    }

    /** The task methods of a 2025-11-25 session; a session of another revision has none. */
    private void sessionTask(Request request) {
        if (!SessionTaskMethods.offered(request)) {
            throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found: tasks are experimental in "
                    + SessionTaskMethods.VERSION + ", which this session did not negotiate",
                    Map.of("method", request.method.methodName()));
        }
        switch (request.method) {
            case TASKS_GET: sessionTasks.get(request); break;
            case TASKS_RESULT: sessionTasks.result(request); break;
            case TASKS_LIST: sessionTasks.list(request); break;
            default: sessionTasks.cancel(request);
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
            case SKILLS_LIST: skills.list(request); break;
            case SKILLS_GET: skills.get(request); break;
            case RESOURCES_DIRECTORY_READ: skills.readDirectory(request); break;
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

    private void onNotification(McpSession session, Inbound message) {
        McpMethod method = message.method();
        switch (method) {
            case NOTIFICATIONS_INITIALIZED:
                if (session.state == McpSession.INITIALIZED) {
                    session.state = McpSession.READY;
                }
                break;
            case NOTIFICATIONS_CANCELLED:
                Map<String, Object> params = cancelledParams(message.frame(), message.envelope(),
                        settings.maxNumberDigits());
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
            Request request = session.inFlight(id);
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

    /** Whether a request refused before it was decoded is one of the stateless revision's, as far as its shape says. */
    private static boolean statelessShaped(McpSession session, Inbound message) {
        return session.eras == McpSession.RevisionScope.STATELESS
                || session.eras == McpSession.RevisionScope.PER_MESSAGE && message.isStatelessShaped();
    }

    /** Answers a request refused before it became a {@link Request}, with the code its revision uses ({@link Request#wireCode}). */
    private static void replyError(McpSession session, Object exchange, byte[] id, boolean stateless, int code,
            String message, Object data) {
        ByteBuf out = session.outbound().alloc().buffer(128);
        JsonRpcWriter.error(out, id, Request.wireCode(code, stateless), message, data);
        send(session, exchange, out, code);
    }

    /** Completes {@code exchange} with the error message {@code out}. */
    private static void send(McpSession session, Object exchange, ByteBuf out, int code) {
        session.observer.sent(out.readableBytes());
        session.outbound().completeWithError(exchange, out, code);
    }

    static byte[] copy(ByteBuf frame, int start, int end) {
        byte[] bytes = new byte[end - start];
        frame.getBytes(start, bytes);
        return bytes;
    }

    /**
     * Ends every open {@code subscriptions/listen} stream (a drain), each on its session's
     * executor: over HTTP the stream's response ends, and the client opens it again, elsewhere.
     */
    public void endListens() {
        listeners.endAll();
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
