package dev.tachyon.server.engine;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.server.LogLevel;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One MCP session: the lifecycle state and everything the protocol remembers between messages.
 *
 * <p>Confined to {@link Outbound#executor()}: every field except {@link #logLevel} (read by
 * worker threads deciding whether to log) is touched only there, so none needs a lock.
 */
public final class McpSession {

    /** Which protocol revisions a session's messages are served by. */
    public enum Eras {
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
    final Eras eras;
    final EnvelopeScanner scanner;
    final JsonRpcEnvelope envelope = new JsonRpcEnvelope();
    final ContentArrayWriter resultWriter = new ContentArrayWriter();

    int state = NEW;
    String protocolVersion;
    Map<String, Object> clientCapabilities = Collections.emptyMap();
    Map<String, Object> clientInfo = Collections.emptyMap();
    volatile LogLevel logLevel = LogLevel.INFO;
    EngineObserver observer = EngineObserver.NONE;

    /** URIs this session subscribed to, to unsubscribe when it ends. */
    final Set<String> subscriptions = new HashSet<>();
    /** Requests running off the event loop, by the id's JSON text (for cancellation). */
    final Map<String, Request> inFlight = new HashMap<>();
    /** Open {@code subscriptions/listen} requests, by the id's JSON text; they end with the session. */
    final Map<String, Listeners.Stream> listens = new HashMap<>();
    /** Server-to-client requests awaiting the client's answer, by our numeric id. */
    final Long2ObjectHashMap<ClientRequest> pendingClientRequests = new Long2ObjectHashMap<>();
    long nextClientRequestId = 1;

    McpSession(String id, Outbound outbound, int maxJsonDepth, Eras eras) {
        this.id = id;
        this.outbound = outbound;
        this.eras = eras;
        this.scanner = new EnvelopeScanner(maxJsonDepth);
    }

    /** Which protocol revisions this session's messages are served by. */
    public Eras eras() {
        return eras;
    }

    /** The session id (for HTTP, the {@code Mcp-Session-Id}). */
    public String id() {
        return id;
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

    /** Open {@code subscriptions/listen} streams of this session (stateless revision). */
    public int listenCount() {
        return listens.size();
    }

    /** Requests of this session running on workers now. */
    public int inFlightCount() {
        return inFlight.size();
    }

    boolean declares(String capability) {
        return clientCapabilities.get(capability) instanceof Map;
    }

    @Override
    public String toString() {
        return "McpSession(" + id + ")";
    }
}
