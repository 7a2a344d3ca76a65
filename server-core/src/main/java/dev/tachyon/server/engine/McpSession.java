package dev.tachyon.server.engine;

import dev.tachyon.server.ratelimit.RateLimits;
import dev.tachyon.api.Principal;
import dev.tachyon.api.LogLevel;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One MCP session: the lifecycle state and everything the protocol remembers between messages.
 *
 * <p>Confined to {@link Outbound#executor()}: every field except {@link #logLevel} (read by
 * worker threads deciding whether to log) is touched only there, so none needs a lock.
 *
 * <p>Kept small, since a server holds tens of thousands: the scanning and result-writing
 * scratch is per thread, not per session, and the collections of things a session may never
 * have (requests on workers, subscriptions, listen streams, requests to the client) are created
 * on first use.
 */
public final class McpSession {

    /** Which protocol revisions a session's messages are served by. */
    public enum RevisionScope {
        /** Stateful revisions only (2025-11-25, 2025-06-18): a Streamable HTTP session. */
        STATEFUL,
        /** The stateless revision only (2026-07-28): Streamable HTTP requests without a session. */
        STATELESS,
        /**
         * Decided per message (TCP, stdio): a request whose {@code _meta} carries the
         * stateless revision's per-request keys, or a method only 2026-07-28 has, is served
         * statelessly; anything else by the session's stateful revision.
         */
        PER_MESSAGE
    }

    static final int NEW = 0;
    static final int INITIALIZED = 1;
    static final int READY = 2;
    static final int CLOSED = 3;

    private final String id;
    private final Outbound outbound;
    private final TransportKind transport;
    final RevisionScope eras;
    /** Who the transport authenticated for the whole session (a client certificate, a session's token holder). */
    private volatile Principal principal = Principal.anonymous();

    int state = NEW;
    String protocolVersion;
    Map<String, Object> clientCapabilities = Collections.emptyMap();
    Map<String, Object> clientInfo = Collections.emptyMap();
    volatile LogLevel logLevel = LogLevel.INFO;
    EngineObserver observer = EngineObserver.NONE;
    /** The engine's settings (the digit and response bounds a request needs); set when the engine opens the session. */
    EngineSettings settings;

    /** URIs this session subscribed to, to unsubscribe when it ends; null until the first. */
    private Set<String> subscriptions;
    /**
     * Requests running off the event loop (for cancellation): null when none, the {@link Request}
     * itself while it is the only one (most sessions never hold two: a map and its key for one
     * cost 160 bytes per session), else a map by the id's JSON text. One field, not two: the
     * session's size is per connection.
     */
    private Object inFlight;
    /** Open {@code subscriptions/listen} requests, by the id's JSON text; they end with the session. Null until the first. */
    private Map<String, Listeners.Stream> listens;
    /** Server-to-client requests awaiting the client's answer, by our numeric id; null until the first. */
    private Long2ObjectHashMap<ClientRequest> pendingClientRequests;
    long nextClientRequestId = 1;
    /** This session's share of the worker pool; null until its first blocking call. */
    private WorkerPool.Lane workerLane;

    McpSession(String id, Outbound outbound, TransportKind transport, RevisionScope eras) {
        this.id = id;
        this.outbound = outbound;
        this.transport = transport;
        this.eras = eras;
    }

    /** Who the transport authenticated for this session; {@link Principal#anonymous()} until it says. */
    public Principal principal() {
        return principal;
    }

    /**
     * Names who the session belongs to: the client certificate's subject on a mutual-TLS
     * connection, the token holder that opened a Streamable HTTP session. Requests that carry no
     * principal of their own are served as it.
     */
    public void bindPrincipal(Principal principal) {
        this.principal = java.util.Objects.requireNonNull(principal);
    }

    /** The key the rate limits count {@code principal}'s requests on this session under: the principal, else the client's address. */
    Object rateLimitKey(Principal principal) {
        return RateLimits.clientOf(principal, outbound.clientAddress());
    }

    /** URIs this session subscribed to (created on first use). */
    Set<String> subscriptions() {
        if (subscriptions == null) {
            subscriptions = new HashSet<>(4);
        }
        return subscriptions;
    }

    /** Resources this session subscribed to, without creating the set. */
    int subscriptionCount() {
        return subscriptions == null ? 0 : subscriptions.size();
    }

    /** Server-to-client requests awaiting the client's answer, without creating the map. */
    int pendingClientRequestCount() {
        return pendingClientRequests == null ? 0 : pendingClientRequests.size();
    }

    /**
     * This session's lane of {@code workers} (created on first use): the key of the fair share.
     * To share by principal instead, hand every session of one principal the same lane and
     * close it with the principal's last session.
     */
    WorkerPool.Lane workerLane(WorkerPool workers) {
        if (workerLane == null) {
            workerLane = workers.newLane();
        }
        return workerLane;
    }

    /** Drops the calls this session still has queued for a worker; later ones are refused. */
    void closeWorkerLane() {
        if (workerLane != null) {
            workerLane.close();
        }
    }

    /** Registers {@code request} as in flight, under its id (replacing one with the same id, as a map does). */
    void track(Request request) {
        if (inFlight == null) {
            inFlight = request;
            return;
        }
        Map<String, Request> map;
        if (inFlight instanceof Request sole) {
            if (sole.idKey().equals(request.idKey())) {
                inFlight = request;
                return;
            }
            map = new HashMap<>(4);
            map.put(sole.idKey(), sole);
            inFlight = map;
        } else {
            map = inFlightMap();
        }
        map.put(request.idKey(), request);
    }

    /** Removes what is in flight under {@code request}'s id. */
    void untrack(Request request) {
        if (inFlight == request) {
            inFlight = null;
        } else if (inFlight instanceof Request sole) {
            if (sole.idKey().equals(request.idKey())) {
                inFlight = null;
            }
        } else if (inFlight != null) {
            Map<String, Request> map = inFlightMap();
            map.remove(request.idKey());
            if (map.isEmpty()) {
                inFlight = null; // a session that once had two in flight does not keep the map
            }
        }
    }

    /** The request in flight under the id whose JSON text is {@code id}, or null. */
    Request inFlight(String id) {
        if (inFlight instanceof Request sole) {
            return sole.idKey().equals(id) ? sole : null;
        }
        return inFlight == null ? null : inFlightMap().get(id);
    }

    /** A copy of the requests in flight now. */
    List<Request> inFlightRequests() {
        if (inFlight instanceof Request sole) {
            return List.of(sole);
        }
        return inFlight == null ? List.of() : List.copyOf(inFlightMap().values());
    }

    @SuppressWarnings("unchecked") // only track() stores a map there, and only this one
    private Map<String, Request> inFlightMap() {
        return (Map<String, Request>) inFlight;
    }

    /** Open {@code subscriptions/listen} requests, by the id's JSON text (created on first use). */
    Map<String, Listeners.Stream> listens() {
        if (listens == null) {
            listens = new HashMap<>(4);
        }
        return listens;
    }

    /** Server-to-client requests awaiting the client's answer, by our numeric id (created on first use). */
    Long2ObjectHashMap<ClientRequest> pendingClientRequests() {
        if (pendingClientRequests == null) {
            pendingClientRequests = new Long2ObjectHashMap<>(4, 0.65f);
        }
        return pendingClientRequests;
    }
    /** Which protocol revisions this session's messages are served by. */
    public RevisionScope revisionScope() {
        return eras;
    }

    /** The session id (for HTTP, the {@code Mcp-Session-Id}). */
    public String id() {
        return id;
    }

    /** The transport this session arrived on, as its transport said when opening it. */
    public TransportKind transport() {
        return transport;
    }

    /** Where this session's messages go. */
    public Outbound outbound() {
        return outbound;
    }

    /** The negotiated protocol revision, or null before {@code initialize}. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** Whether {@code initialize} has been answered. */
    public boolean isInitialized() {
        return state == INITIALIZED || state == READY;
    }

    /** Whether the session has ended. */
    public boolean isClosed() {
        return state == CLOSED;
    }

    /**
     * What this session's open listen streams take of {@code max-subscriptions-per-session}: each
     * stream as many as the URIs it names, at least one (on the session's executor).
     */
    int listenSlots;

    /** Open {@code subscriptions/listen} streams of this session (stateless revision). */
    public int listenCount() {
        return listens == null ? 0 : listens.size();
    }

    /** Requests of this session running on workers now. */
    public int inFlightCount() {
        return inFlight == null ? 0 : inFlight instanceof Request ? 1 : inFlightMap().size();
    }

    boolean declares(String capability) {
        return clientCapabilities.get(capability) instanceof Map;
    }

    @Override
    public String toString() {
        return "McpSession(" + id + ")";
    }
}
